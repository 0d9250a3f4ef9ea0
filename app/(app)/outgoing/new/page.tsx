import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { letterKinds, type LetterKind } from '@/server/letters/letter-kinds';
import { NewDraft } from './new-draft';

export default async function NewDraftPage({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  const [me, t, { kind: asked }] = await Promise.all([getMe(), getTranslator(), searchParams]);
  if (!me.permissions.includes('open')) return <Forbidden permission="open" />;
  const kind: LetterKind = (letterKinds as readonly string[]).includes(asked ?? '') ? asked as LetterKind : 'external';
  const unit = me.memberships.find((m) => m.unitId === me.actingUnitId);
  return (
    <>
      <h1>{t('outgoing.newDraft')}: {t(`outgoing.kinds.${kind}`)}</h1>
      <NewDraft kind={kind} me={{ agencyEmail: me.agency.email, agencyPhone: me.agency.phone, unitName: unit?.unitNameTh ?? me.agency.nameTh }} />
    </>
  );
}
