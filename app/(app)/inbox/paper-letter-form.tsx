'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { parseBuddhistDate } from '@/server/shared/letter-date';
import { secrecies, urgencies, type Secrecy, type Urgency } from '@/server/shared/letters';

/** A paper letter's details as the officer reads them off the letter; the date is typed in the Buddhist era. */
export function PaperLetterForm({ onRecorded }: { onRecorded: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const [dateError, setDateError] = useState<string | null>(null);
  const record = useMutation(trpc.registry.recordPaperLetter.mutationOptions({ onSuccess: onRecorded }));
  const error = describe(record.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const s = (k: string) => String(f.get(k) ?? '');
    const date = parseBuddhistDate(s('letterDate'));
    setDateError(date.ok ? null : t(`validation.${date.error}`));
    if (!date.ok) return;
    record.mutate({
      documentNumber: s('documentNumber'), letterDate: date.iso, fromText: s('fromText'), toText: s('toText'),
      subject: s('subject'), urgency: s('urgency') as Urgency, secrecy: s('secrecy') as Secrecy, remarks: s('remarks'),
    }, { onSuccess: () => form.reset() });
  }

  return (
    <section className="card">
      <h2>{t('inbox.recordPaper')}</h2>
      <form className="stack" onSubmit={onSubmit} noValidate>
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        {record.isSuccess && <p className="form-ok" role="status">{t('inbox.recorded')}</p>}
        <div className="row">
          <Field label={t('letters.documentNumber')} error={error.fields.documentNumber}><input name="documentNumber" placeholder="ศธ 04001/ว 123" /></Field>
          <Field label={t('letters.letterDate')} error={dateError ?? error.fields.letterDate} hint={t('letters.letterDateHint')}>
            <input name="letterDate" inputMode="numeric" autoComplete="off" />
          </Field>
        </div>
        <div className="row">
          <Field label={t('letters.from')} error={error.fields.fromText}><input name="fromText" /></Field>
          <Field label={t('letters.to')} error={error.fields.toText}><input name="toText" /></Field>
        </div>
        <Field label={t('letters.subject')} error={error.fields.subject}><input name="subject" /></Field>
        <div className="row">
          <Field label={t('letters.urgencyLabel')}>
            <select name="urgency" defaultValue="normal">{urgencies.map((u) => <option key={u} value={u}>{t(`letters.urgency.${u}`)}</option>)}</select>
          </Field>
          <Field label={t('letters.secrecyLabel')}>
            <select name="secrecy" defaultValue="normal">{secrecies.map((s) => <option key={s} value={s}>{t(`letters.secrecy.${s}`)}</option>)}</select>
          </Field>
        </div>
        <Field label={t('letters.remarks')} error={error.fields.remarks}><input name="remarks" /></Field>
        <div><button type="submit" disabled={record.isPending}>{t('inbox.record')}</button></div>
      </form>
    </section>
  );
}
