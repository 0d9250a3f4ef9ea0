import { AreaPage } from '@/app/_components/area-page';

export default function RegistersPage() {
  return <AreaPage area="registers" permission="receive" />;
}
