import { AreaPage } from '@/app/_components/area-page';

export default function OutgoingPage() {
  return <AreaPage area="outgoing" permission="open" />;
}
