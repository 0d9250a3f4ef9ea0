import { AreaPage } from '@/app/_components/area-page';

export default function SearchPage() {
  return <AreaPage area="search" permission="open" />;
}
