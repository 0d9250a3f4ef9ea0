import { getTranslator } from '@/app/i18n/server';
import { PeopleManager } from './people-manager';

export default async function PeoplePage() {
  const t = await getTranslator();
  return (
    <>
      <h1>{t('admin.people')}</h1>
      <PeopleManager />
    </>
  );
}
