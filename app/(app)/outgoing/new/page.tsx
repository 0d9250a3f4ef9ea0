import { Forbidden } from '@/app/_components/forbidden';
import { serverCaller } from '@/app/_trpc/server';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { letterKinds, type LetterKind } from '@/core/letters';
import { replyContent } from '@/server/sending/reply';
import { blankContent } from '../draft-content-defaults';
import { NewDraft } from './new-draft';

export default async function NewDraftPage({ searchParams }: { searchParams: Promise<{ kind?: string; replyTo?: string }> }) {
  const [me, t, { kind: asked, replyTo }] = await Promise.all([getMe(), getTranslator(), searchParams]);
  if (!me.permissions.includes('open')) return <Forbidden permission="open" />;
  const kind: LetterKind = (letterKinds as readonly string[]).includes(asked ?? '') ? asked as LetterKind : 'external';
  const unit = me.memberships.find((m) => m.unitId === me.actingUnitId);
  let initial = blankContent(kind, { agencyEmail: me.agency.email, agencyPhone: me.agency.phone, unitName: unit?.unitNameTh ?? me.agency.nameTh });
  if (replyTo && /^[0-9a-f-]{36}$/i.test(replyTo)) {
    const caller = await serverCaller();
    const [{ letter }, directory] = await Promise.all([caller.letters.get({ letterId: replyTo }), caller.agency.directory()]);
    initial = replyContent(initial, letter, directory.find((a) => a.id === letter.sourceTenantId)?.nameTh ?? null);
  }
  return (
    <>
      <h1>{t('outgoing.newDraft')}: {t(`outgoing.kinds.${kind}`)}</h1>
      <NewDraft kind={kind} initial={initial} />
    </>
  );
}
