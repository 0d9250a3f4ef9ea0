'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { parseBuddhistDate } from '@/server/shared/letter-date';
import { classifiedCrypto } from '@/app/_components/classified/keyring';
import type { OpenedLetter } from '@/app/_components/classified/sealed-letter';

type Details = { id: string; documentNumber: string; letterDate: string; fromText: string; toText: string; subject: string; remarks: string };

const beDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${Number(iso.slice(0, 4)) + 543}`;

/** A recorded correction of the letter's details, with its reason (hidden until asked for). */
export function CorrectionForm({ letter, opened, onSaved }: { letter: Details; opened?: OpenedLetter | null; onSaved: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const [open, setOpen] = useState(false);
  const [dateError, setDateError] = useState<string | null>(null);
  const correct = useMutation(trpc.intake.correct.mutationOptions({ onSuccess: () => { setOpen(false); onSaved(); } }));
  const correctSealed = useMutation(trpc.intake.correctSealed.mutationOptions({ onSuccess: () => { setOpen(false); onSaved(); } }));
  const error = describe(correct.error ?? correctSealed.error);
  // A classified letter's subject and remarks are corrected here and sealed again with its key before they are sent.
  const subject = opened ? opened.details.subject : letter.subject;
  const remarks = opened ? opened.details.remarks : letter.remarks;
  if (!open) {
    return (
      <p>
        <button type="button" className="secondary" onClick={() => setOpen(true)}>{t('letter.correct')}</button>
      </p>
    );
  }
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '');
    const date = parseBuddhistDate(s('letterDate'));
    setDateError(date.ok ? null : t(`validation.${date.error}`));
    if (!date.ok) return;
    if (opened) {
      void classifiedCrypto().then(async (c) => {
        const so = await c.sodium();
        correctSealed.mutate({
          letterId: letter.id, documentNumber: s('documentNumber'), letterDate: date.iso, fromText: s('fromText'), toText: s('toText'),
          sealedDetails: c.sealJson(so, opened.contentKey, c.detailsContext(letter.id), { ...opened.details, subject: s('subject').trim(), remarks: s('remarks').trim() }),
          reason: c.sealText(so, opened.contentKey, letter.id, s('reason').trim()),
        });
      });
      return;
    }
    correct.mutate({
      letterId: letter.id, documentNumber: s('documentNumber'), letterDate: date.iso, fromText: s('fromText'), toText: s('toText'),
      subject: s('subject'), remarks: s('remarks'), reason: s('reason'),
    });
  }
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={t('letter.correct')}>
      <h3>{t('letter.correct')}</h3>
      <p className="muted">{t('letter.correctHelp')}</p>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      <div className="row">
        <Field label={t('letters.documentNumber')} error={error.fields.documentNumber}><input name="documentNumber" defaultValue={letter.documentNumber} /></Field>
        <Field label={t('letters.letterDate')} error={dateError ?? error.fields.letterDate} hint={t('letters.letterDateHint')}>
          <input name="letterDate" defaultValue={beDate(letter.letterDate)} inputMode="numeric" />
        </Field>
      </div>
      <div className="row">
        <Field label={t('letters.from')} error={error.fields.fromText}><input name="fromText" defaultValue={letter.fromText} /></Field>
        <Field label={t('letters.to')} error={error.fields.toText}><input name="toText" defaultValue={letter.toText} /></Field>
      </div>
      <Field label={t('letters.subject')} error={error.fields.subject}><input name="subject" defaultValue={subject} /></Field>
      <Field label={t('letters.remarks')} error={error.fields.remarks}><input name="remarks" defaultValue={remarks} /></Field>
      <Field label={t('letter.reason')} error={error.fields.reason}><input name="reason" /></Field>
      <div className="row">
        <button type="submit" disabled={correct.isPending}>{t('letter.saveCorrection')}</button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>{t('admin.cancel')}</button>
      </div>
    </form>
  );
}
