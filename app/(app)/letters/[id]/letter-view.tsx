'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { openSealedFile, SealedFileActions, useLetterNotes, useSealedLetter, type LetterNotes } from '@/app/_components/classified/sealed-letter';
import { UnlockPanel } from '@/app/_components/classified/unlock-panel';
import { Field } from '@/app/_components/field';
import { LetterMarks } from '@/app/_components/letter-marks';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { formatDate, formatIsoDate } from '@/server/shared/thai-date';
import { KeepingPanel } from '@/app/_components/keeping-panel';
import { CorrectionForm } from './correction-form';
import { RoutingForm } from './routing-form';
import { TimelineList } from './timeline-list';
import { useDigits } from '@/app/_components/digits';

export function LetterView({ letterId, settings, permissions }: { letterId: string; settings: AgencySettings; permissions: string[] }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const view = useQuery(trpc.letters.get.queryOptions({ letterId }));
  const [corrected, setCorrected] = useState(false);
  const markRead = useMutation(trpc.letters.markRead.mutationOptions({
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.letters.notifications.queryKey() }),
  }));
  const { mutate: markAsRead } = markRead;
  useEffect(() => { markAsRead({ letterId }); }, [letterId, markAsRead]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.letters.pathKey() });
  const describe = useAppError();
  const loadError = describe(view.error);
  const fmt = (d: Date | string) => formatDate(d, { locale, withTime: true, style: 'short', thaiDigits: settings.thaiDigits });
  const digits = useDigits();
  const sealed = useSealedLetter(letterId, view.data?.letter.sealedDetails ?? null);
  const notes = useLetterNotes(letterId, Boolean(view.data?.letter.sealed), sealed.opened);

  if (loadError.message) return <p className="form-error" role="alert">{loadError.message}</p>;
  if (!view.data) return <p className="muted">…</p>;
  const { letter, registration, files, texts, parts, endorsements, timeline, status } = view.data;
  const canRoute = Boolean(registration) && (permissions.includes('receive') || permissions.includes('sign'));
  // A classified letter's subject and remarks exist here only once opened in this browser.
  const subject = letter.sealed ? (sealed.opened?.details.subject ?? t('classified.placeholder')) : letter.subject;
  const remarks = letter.sealed ? (sealed.opened?.details.remarks ?? '') : letter.remarks;

  return (
    <>
      <section className="card">
        <div className="page-head">
          <h1><LetterMarks urgency={letter.urgency} secrecy={letter.secrecy} /> {subject}</h1>
          <span className="badge" data-testid="letter-status">{t(`letter.status.${status}`)}</span>
          {letter.returnedReason && status === 'returned' && <span className="muted"> {t('outgoing.returnedReason', { reason: letter.returnedReason })}</span>}
        </div>
        <dl className="details">
          <dt>{t('letters.documentNumber')}</dt><dd>{letter.documentNumber || '—'}</dd>
          <dt>{t('letters.letterDate')}</dt><dd>{formatIsoDate(letter.letterDate, { locale, thaiDigits: settings.thaiDigits })}</dd>
          <dt>{t('letters.from')}</dt><dd>{letter.fromText}</dd>
          <dt>{t('letters.to')}</dt><dd>{letter.toText}</dd>
          <dt>{t('letter.channel')}</dt><dd>{t(`letters.channel.${letter.channel}`)}</dd>
          <dt>{t('letters.receivedAt')}</dt><dd>{fmt(letter.receivedAt)}</dd>
          {registration && (<>
            <dt>{t('letter.registration')}</dt>
            <dd>
              {t('letter.receiveNumber', { number: digits(registration.number), register: registration.registerName })}
              <br /><small className="muted">{t('letter.registeredBy', { name: registration.registeredByName, date: fmt(registration.registeredAt) })}</small>
            </dd>
          </>)}
          {remarks && (<><dt>{t('letters.remarks')}</dt><dd>{remarks}</dd></>)}
        </dl>
        {letter.sealed && !sealed.opened && (<>
          <p className="notice">{t('classified.sealedNote')}</p>
          {sealed.error && <p className="form-error" role="alert">{sealed.error === 'tampered' ? t('classified.tampered') : t(`errors.${sealed.error}` as never)}</p>}
          <UnlockPanel purpose={t('classified.unlockToRead')} />
        </>)}
        {registration && <p><Link href={`/outgoing/new?kind=external&replyTo=${letter.id}`}>{t('letter.reply')}</Link></p>}
        {/* Here, not in the form: the form starts afresh from the corrected details. */}
        {corrected && <p className="form-ok" role="status">{t('letter.corrected')}</p>}
        {permissions.includes('receive') && (!letter.sealed || sealed.opened) && (
          <CorrectionForm key={`${subject}|${letter.documentNumber}`} letter={letter} opened={letter.sealed ? sealed.opened : null} onSaved={() => { setCorrected(true); refresh(); }} />
        )}
        <h2>{t('letter.files')}</h2>
        {files.length === 0 ? <p className="empty">{t('letter.noFiles')}</p> : (
          <ul className="files">
            {files.map((f) => (
              <li key={f.id}>
                {f.sealed
                  ? (sealed.opened
                    ? <SealedFileActions letterId={letter.id} fileId={f.id} url={`/api/letters/${letter.id}/files/${f.id}`} secrecyLabel={t(`letters.secrecy.${letter.secrecy}`)}
                      fileName={sealed.opened.details.files.find((x) => x.id === f.id)?.name ?? 'letter.pdf'} open={(body) => openSealedFile(sealed.opened!, letter.id, f.id, body)} />
                    : <span className="muted">{t('classified.placeholder')}</span>)
                  : <a href={`/api/letters/${letter.id}/files/${f.id}`} target="_blank" rel="noreferrer">{f.fileName}</a>}
                {f.kind === 'stamped' && <span className="chip">{t('letter.stamped')}</span>}
                {f.kind === 'email' && <span className="chip">{t('letter.emailFile')}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      {!letter.sealed && <TextsCard files={files} texts={texts} canCorrect={permissions.includes('receive')} onSaved={refresh} />}

      <section className="card">
        <h2>{t('letter.routing')}</h2>
        {parts.length === 0 ? <p className="empty">{t('letter.noParts')}</p> : (
          <ul className="parts">
            {parts.map((p) => (
              <li key={p.id} data-testid="routing-part">
                <strong>{p.targetName}</strong> — {t('letter.purpose')}{p.purpose === 'action' ? t('letter.purposeAction') : t('letter.purposeInformation')}
                {' · '}<span className={p.closedAt ? 'muted' : undefined}>{p.closedAt ? t('letter.partClosed', { outcome: p.outcome ?? '' }) : t('letter.partOpen')}</span>
                {!p.readAt && !p.closedAt && <span className="chip">{t('letter.unread')}</span>}
                {p.note && <div className="muted">“{notes.reveal(p.note)}”</div>}
                {p.mine && !p.closedAt && notes.ready && <ActionForm assignmentId={p.id} notes={notes} onSaved={refresh} />}
              </li>
            ))}
          </ul>
        )}
        {canRoute && <RoutingForm letterId={letter.id} secrecy={letter.secrecy} opened={letter.sealed ? sealed.opened : null} notes={notes} onRouted={refresh} />}
      </section>

      <section className="card">
        <h2>{t('letter.endorsements')}</h2>
        {endorsements.length === 0 ? <p className="empty">{t('letter.noEndorsements')}</p> : (
          <ul className="endorsements">
            {endorsements.map((e) => (
              <li key={e.id}>
                <p className="endorsement-text">{notes.reveal(e.text)}</p>
                <p className="endorsement-sign">{e.authorName}<br />{e.authorPosition}<br />{fmt(e.createdAt)}</p>
              </li>
            ))}
          </ul>
        )}
        {permissions.includes('sign') && notes.ready && <EndorseForm letterId={letter.id} notes={notes} onSaved={refresh} />}
      </section>

      <KeepingPanel letterId={letter.id} />

      <section className="card">
        <h2>{t('letter.timeline')}</h2>
        <TimelineList events={timeline} format={fmt} reveal={notes.reveal} />
      </section>
    </>
  );
}

function TextsCard({ files, texts, canCorrect, onSaved }: {
  files: Array<{ id: string; fileName: string; kind: string }>;
  texts: Array<{ fileId: string; source: string; text: string; createdByName: string | null }>;
  canCorrect: boolean; onSaved: () => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const [editing, setEditing] = useState<string | null>(null);
  const save = useMutation(trpc.intake.correctText.mutationOptions({ onSuccess: () => { setEditing(null); onSaved(); } }));
  const scans = files.filter((f) => f.kind === 'original');
  if (scans.length === 0) return null;
  const error = describe(save.error);
  return (
    <section className="card">
      <h2>{t('letter.text')}</h2>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      {scans.map((f) => {
        const text = texts.find((x) => x.fileId === f.id);
        return (
          <div key={f.id} className="ocr">
            <h3>{t('letter.textFor', { file: f.fileName })}</h3>
            {editing === f.id ? (
              <form className="stack" onSubmit={(e: FormEvent<HTMLFormElement>) => {
                e.preventDefault();
                save.mutate({ fileId: f.id, text: String(new FormData(e.currentTarget).get('text') ?? '') });
              }}>
                <textarea name="text" rows={12} defaultValue={text?.text ?? ''} aria-label={t('letter.textFor', { file: f.fileName })} />
                <div><button type="submit" disabled={save.isPending}>{t('letter.saveText')}</button></div>
              </form>
            ) : (
              <>
                {text ? <pre className="ocr-text">{text.text}</pre> : <p className="muted">{t('letter.textPending')}</p>}
                {text?.source === 'corrected' && <p className="muted">{t('letter.textCorrected', { name: text.createdByName ?? '' })}</p>}
                {text?.source === 'embedded' && <p className="muted">{t('letter.textFromSender')}</p>}
                {canCorrect && text && <button type="button" onClick={() => setEditing(f.id)}>{t('letter.editText')}</button>}
              </>
            )}
          </div>
        );
      })}
    </section>
  );
}

function ActionForm({ assignmentId, notes, onSaved }: { assignmentId: string; notes: LetterNotes; onSaved: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const record = useMutation(trpc.letters.recordAction.mutationOptions({ onSuccess: onSaved }));
  const error = describe(record.error);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const close = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'close';
    void notes.seal(String(new FormData(form).get('text') ?? '')).then((text) => record.mutate({ assignmentId, text, close }, { onSuccess: () => form.reset() }));
  }
  return (
    <form className="stack part-form" onSubmit={submit}>
      <strong>{t('letter.yourPart')}</strong>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      <Field label={t('letter.actionText')} error={error.fields.text}><textarea name="text" rows={2} /></Field>
      <div className="row">
        <button type="submit" value="note" disabled={record.isPending}>{t('letter.save')}</button>
        <button type="submit" value="close" disabled={record.isPending}>{t('letter.saveAndClose')}</button>
      </div>
    </form>
  );
}

function EndorseForm({ letterId, notes, onSaved }: { letterId: string; notes: LetterNotes; onSaved: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const endorse = useMutation(trpc.letters.endorse.mutationOptions({ onSuccess: onSaved }));
  const error = describe(endorse.error);
  return (
    <form className="stack" onSubmit={(e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const form = e.currentTarget;
      void notes.seal(String(new FormData(form).get('text') ?? '')).then((text) => endorse.mutate({ letterId, text }, { onSuccess: () => form.reset() }));
    }}>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      <Field label={t('letter.endorsementText')} error={error.fields.text}><textarea name="text" rows={3} /></Field>
      <div><button type="submit" disabled={endorse.isPending}>{t('letter.endorse')}</button></div>
    </form>
  );
}
