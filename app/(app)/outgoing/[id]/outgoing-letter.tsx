'use client';

import { KeepingPanel } from '@/app/_components/keeping-panel';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { LetterMarks } from '@/app/_components/letter-marks';
import { useAppError, useStoredError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { formatDate, toThaiDigits } from '@/server/shared/thai-date';
import { SealedFileActions } from '@/app/_components/classified/sealed-letter';
import { useSealedOutgoing } from '@/app/_components/classified/sealed-outgoing';
import { UnlockPanel } from '@/app/_components/classified/unlock-panel';
import { DraftEditor, LetterPreview } from '../draft-editor';
import { Attachments } from './attachments';
import { SealedDocx } from './sealed-docx';
import { ReviewActions } from './review-actions';
import { PaperActions } from './paper-actions';
import { useDigits } from '@/app/_components/digits';

/** One outgoing letter: its draft (editable while it may be), preview, review chain, actions, comments, versions and delivery results. */
export function OutgoingLetter({ id, settings, maxUploadMb, canSetUpMail }: { id: string; settings: AgencySettings; maxUploadMb: number; canSetUpMail: boolean }) {
  const t = useTranslations();
  const storedError = useStoredError();
  const digits = useDigits();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState<number | undefined>(undefined);
  const query = useQuery(trpc.outgoing.get.queryOptions({ letterId: id, version }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.outgoing.get.queryKey() });
  const preview = useMutation(trpc.outgoing.preview.mutationOptions());
  const { mutate: markRead } = useMutation(trpc.outgoing.markRead.mutationOptions({
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.letters.notifications.queryKey() }),
  }));
  const loaded = Boolean(query.data);
  useEffect(() => { if (loaded) markRead({ letterId: id }); }, [id, loaded, markRead]);
  const sealedSigned = Boolean(query.data?.files.some((f) => f.kind === 'signed' && f.sealed));
  const signedPages = useQuery({ ...trpc.outgoing.signedPages.queryOptions({ letterId: id }), enabled: !!query.data?.letter.signedAt && !query.data.letter.reservedReason && version === undefined && !sealedSigned });
  const confirm = useMutation(trpc.outgoing.confirmDeliveries.mutationOptions({ onSuccess: refresh }));
  const withdraw = useMutation(trpc.exchange.withdraw.mutationOptions({ onSuccess: refresh }));
  const resend = useMutation(trpc.exchange.resend.mutationOptions({ onSuccess: refresh }));
  const [comment, setComment] = useState('');
  const addComment = useMutation(trpc.outgoing.comment.mutationOptions({ onSuccess: () => { setComment(''); refresh(); } }));
  const describe = useAppError();
  const redeliverError = describe(withdraw.error ?? resend.error);
  const data = query.data;
  const sealed = useSealedOutgoing(data?.letter, data?.sealedContent, data?.shownVersion);
  // A classified letter's text exists here only once opened in this browser.
  const content = sealed.classified ? sealed.content : data?.content ?? null;
  const editing = data?.can.edit && version === undefined;

  useEffect(() => {
    if (data && content && !editing && !(data.letter.signedAt && version === undefined)) preview.mutate({ kind: data.letter.kind, content });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per shown version
  }, [data?.letter.id, data?.shownVersion, editing, content]);

  if (query.error) return <p className="form-error" role="alert">{describe(query.error).message}</p>;
  if (!data) return <p className="muted">…</p>;
  const { letter } = data;
  const date = (d: string | Date | null) => (d ? formatDate(d, { locale, withTime: true, style: 'short', thaiDigits: settings.thaiDigits }) : '');
  const signedFile = data.files.find((f) => f.kind === 'signed');

  return (
    <>
      <p><Link href="/outgoing">← {t('letter.back')}</Link></p>
      <h1>
        <LetterMarks urgency={letter.urgency} secrecy={letter.secrecy} />
        {letter.documentNumber && <span>{t('outgoing.number')} {settings.thaiDigits ? toThaiDigits(letter.documentNumber) : letter.documentNumber} </span>}
        {sealed.classified ? (content?.subject ?? t('classified.placeholder')) : letter.subject}
      </h1>
      <p className="muted">
        {t(`outgoing.kinds.${letter.kind}`)} · <span data-testid="outgoing-state">{t(`outgoing.states.${letter.state}`)}</span> · {t('outgoing.version', { version: digits(data.shownVersion) })}
        {letter.reservedReason && ` · ${t('reserve.reservedAt', { date: date(letter.signedAt) })}`}
        {letter.signedAt && !letter.reservedReason && ` · ${t('outgoing.signedBy', { name: letter.signerName ?? '', position: letter.signerPosition ?? '', date: date(letter.signedAt) })}`}
      </p>
      {letter.replyToLetterId && <p><Link href={`/letters/${letter.replyToLetterId}`}>{t('outgoing.replyTo')}</Link></p>}
      {sealed.classified && !sealed.opened && (<>
        <p className="notice">{t('classified.sealedDraftNote')}</p>
        {sealed.error && <p className="form-error" role="alert">{sealed.error}</p>}
        <UnlockPanel purpose={t('classified.unlockToRead')} />
      </>)}
      {signedFile && (
        <section className="card">
          <h2>{t('outgoing.files')}</h2>
          <p>
            {signedFile.sealed
              ? (sealed.opened
                ? <SealedFileActions letterId={letter.id} fileId={signedFile.id} url={`/api/outgoing/${letter.id}/files/${signedFile.id}`} fileName={signedFile.fileName}
                  secrecyLabel={t(`letters.secrecy.${letter.secrecy}`)} open={(body) => sealed.openFile(signedFile.id, body)} />
                : <span className="muted">{t('outgoing.signedFile')}: {t('classified.placeholder')}</span>)
              : <a href={`/api/outgoing/${letter.id}/files/${signedFile.id}`} target="_blank" rel="noreferrer" data-testid="signed-file">{t('outgoing.signedFile')}: {signedFile.fileName}</a>}
            {letter.verifyCode && <> · <a href={`/verify/${letter.verifyCode}`} target="_blank" rel="noreferrer">{t('outgoing.verifyLink')}</a></>}
          </p>
          {/* The signed PDF's own hash (what the verification page vouches for), not its sealed copy's. */}
          <p className="muted mono">{t('outgoing.sha')}: {letter.signedSha256 ?? signedFile.sha256}</p>
        </section>
      )}
      {!sealed.classified && !letter.reservedReason && <p><a href={`/api/outgoing/${letter.id}/docx${version ? `?version=${version}` : ''}`}>{t('outgoing.docx')}</a></p>}
      {sealed.classified && sealed.opened && <SealedDocx letterId={letter.id} version={version} sealed={sealed} />}
      {(!sealed.classified || sealed.opened) && (
        <Attachments letterId={letter.id} files={data.files} editable={data.can.edit} onChange={refresh} sealed={sealed} maxUploadMb={maxUploadMb}
          secrecyLabel={t(`letters.secrecy.${letter.secrecy}`)} />
      )}
      {letter.state === 'reserved' && <PaperActions letterId={letter.id} maxUploadMb={maxUploadMb} onDone={refresh} />}
      {letter.reservedReason && <p className="notice">{t('reserve.reasonShown', { reason: letter.reservedReason })}{letter.reservationNote && ` · ${t('reserve.noteShown', { note: letter.reservationNote })}`}</p>}
      {letter.state !== 'reserved' && letter.state !== 'cancelled' && letter.state !== 'paper' && (!sealed.classified || sealed.opened) && <ReviewActions data={data} sealed={sealed} onDone={refresh} defaultChain={settings.reviewChain} />}
      {data.deliveries.length > 0 && (
        <section className="card">
          <h2>{t('outgoing.deliveries')}</h2>
          <div className="table-wrap">
            {redeliverError.message && <p className="form-error" role="alert">{redeliverError.message}</p>}
            <table className="list" data-testid="deliveries">
              <thead><tr><th>{t('outgoing.recipient')}</th><th>{t('outgoing.channel')}</th><th>{t('outgoing.state')}</th><th>{t('outgoing.queuedAt')}</th><th /></tr></thead>
              <tbody>
                {data.deliveries.map((d) => {
                  // Kept in the local outbox (no mail service connected): it has not left the system.
                  const local = d.channel === 'email' && d.transport === 'local' && d.state === 'delivered';
                  return (
                  <tr key={d.id}>
                    <td>{d.recipientName}{d.recipientEmail && d.recipientEmail !== d.recipientName && <div className="muted">{d.recipientEmail}</div>}</td>
                    <td>{t(`letters.channel.${d.channel}` as never)}{d.exchangeOrgId && <div className="muted">{d.exchangeOrgId}</div>}</td>
                    <td>
                      {d.state === 'failed' || d.state === 'returned' || local
                        ? <span className="mark urgency">{t(local ? 'outgoing.deliveryState.local' : `outgoing.deliveryState.${d.state}`)}</span> : t(`outgoing.deliveryState.${d.state}`)}
                      {d.state === 'returned' && <div>{t('outgoing.returnedReason', { reason: d.returnedReason ?? '' })}{d.returnedAt && <span className="muted"> · {date(d.returnedAt)}</span>}</div>}
                      {d.state === 'failed' && d.failedReason && <div>{t.has(`outgoing.failedReason.${d.failedReason}` as never) ? t(`outgoing.failedReason.${d.failedReason}` as never) : storedError(d.lastError && d.lastError.startsWith(d.failedReason) ? d.lastError : d.failedReason)}</div>}
                      {d.state === 'withdrawn' && d.withdrawnAt && <div className="muted">{t('outgoing.withdrawn')} · {date(d.withdrawnAt)}</div>}
                      {local && <div>{t('outgoing.localHint')} {canSetUpMail ? <Link href="/admin/mail">{t('outgoing.setUpMail')}</Link> : t('outgoing.askAdmin')}</div>}
                      {d.deliveredAt && !local && <div className="muted">{t('outgoing.deliveredAt')} {date(d.deliveredAt)}</div>}
                      {d.registeredAt && <div className="muted">{t('outgoing.receiveNumber', { number: d.receiveNumber === null ? '' : digits(d.receiveNumber), register: d.receiveRegister ?? '' })} · {date(d.registeredAt)}</div>}
                      {d.state === 'queued' && d.lastError && <div className="muted">{t('outgoing.lastError', { attempts: d.attempts, error: storedError(d.lastError) })}</div>}
                    </td>
                    <td style={{ whiteSpace: 'nowrap' }}>{date(d.queuedAt)}</td>
                    <td className="actions-col">
                      {d.channel === 'exchange' && data.can.redeliver && (d.state === 'queued' || d.state === 'delivered') && (
                        <button type="button" className="secondary" disabled={withdraw.isPending} onClick={() => { if (window.confirm(t('outgoing.withdrawConfirm'))) withdraw.mutate({ deliveryId: d.id }); }}>{t('outgoing.withdraw')}</button>
                      )}
                      {d.channel === 'exchange' && data.can.redeliver && (d.state === 'withdrawn' || d.state === 'failed') && (
                        <button type="button" className="secondary" disabled={resend.isPending} onClick={() => resend.mutate({ deliveryId: d.id })}>{t('outgoing.resend')}</button>
                      )}
                      {d.confirmedAt ? <span className="muted">{t('outgoing.confirmed')}</span>
                        : d.state !== 'queued' && d.state !== 'withdrawn' && !local && <button type="button" className="secondary" onClick={() => confirm.mutate({ deliveryIds: [d.id] })}>{t('outgoing.confirm')}</button>}
                    </td>
                  </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {content && !letter.reservedReason && (editing
        ? <DraftEditor key={letter.version} kind={letter.kind} letterId={letter.id} baseVersion={letter.version} initial={content} sealed={sealed} onSaved={refresh} />
        : !(sealedSigned && version === undefined) && (
          <div className="draft-layout"><LetterPreview pages={letter.signedAt && version === undefined ? signedPages.data?.pages : preview.data?.pages} busy={preview.isPending || signedPages.isFetching} /></div>
        ))}
      <section className="card">
        <h2>{t('outgoing.comments')}</h2>
        {data.comments.length === 0 ? <p className="empty">{t('outgoing.noComments')}</p> : (
          <ul className="plain" data-testid="comments">
            {data.comments.map((c) => <li key={c.id}><strong>{c.authorName}</strong> ({t('outgoing.version', { version: digits(c.version) })}, {date(c.createdAt)}): {sealed.reveal(c.body)}</li>)}
          </ul>
        )}
        {(!sealed.classified || sealed.opened) && <form className="row" onSubmit={(e) => { e.preventDefault(); addComment.mutate({ letterId: letter.id, body: sealed.seal(comment) }); }}>
          <input aria-label={t('outgoing.comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={4000} />
          <button type="submit" className="secondary" disabled={!comment.trim() || addComment.isPending}>{t('outgoing.comment')}</button>
        </form>}
      </section>
      <section className="card">
        <h2>{t('outgoing.versions')}</h2>
        <ul className="plain">
          {data.versions.map((v) => (
            <li key={v.version}>
              <button type="button" className="link" aria-current={v.version === data.shownVersion ? 'true' : undefined}
                onClick={() => setVersion(v.version === letter.version ? undefined : v.version)}>{t('outgoing.version', { version: digits(v.version) })}</button>
              {' '}{t('outgoing.by', { name: v.createdByName, date: date(v.createdAt) })}{v.note && ` — ${sealed.reveal(v.note)}`}
            </li>
          ))}
        </ul>
      </section>
      {letter.number !== null && <KeepingPanel letterId={letter.id} />}
    </>
  );
}
