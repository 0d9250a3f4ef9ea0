import { AreaPage } from '@/app/_components/area-page';

export default function InboxPage() {
  return <AreaPage area="inbox" permission="open" />;
}
