'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { EndpointError, useAppError } from '@/app/_components/use-app-error';
import { parseBuddhistDate } from '@/server/shared/letter-date';
import { secrecies, urgencies, type Secrecy, type Urgency } from '@/core/letters';

/** A paper letter's details as the officer reads them off the letter; the date is typed in the Buddhist era. */
export function PaperLetterForm({ onRecorded }: { onRecorded: () => void }) {
  const t = useTranslations();
  const describe = useAppError();
  const [dateError, setDateError] = useState<string | null>(null);
  const record = useMutation({
    // Details and scans go together to the upload endpoint, which records them in one transaction.
    mutationFn: async ({ letter, files }: { letter: Record<string, string>; files: File[] }) => {
      const body = new FormData();
      body.set('letter', JSON.stringify(letter));
      for (const file of files) body.append('files', file, file.name);
      const response = await fetch('/api/letters/paper', { method: 'POST', body });
      const json = await response.json().catch(() => ({ error: { messageKey: 'internal' } }));
      if (!response.ok) throw new EndpointError(json.error);
      return json as { id: string; files: number };
    },
    onSuccess: onRecorded,
  });
  const error = describe(record.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const s = (k: string) => String(f.get(k) ?? '');
    const date = parseBuddhistDate(s('letterDate'));
    setDateError(date.ok ? null : t(`validation.${date.error}`));
    if (!date.ok) return;
    const letter = {
      documentNumber: s('documentNumber'), letterDate: date.iso, fromText: s('fromText'), toText: s('toText'),
      subject: s('subject'), urgency: s('urgency') as Urgency, secrecy: s('secrecy') as Secrecy, remarks: s('remarks'),
    };
    const files = f.getAll('files').filter((v): v is File => v instanceof File && v.size + v.name.length > 0);
    record.mutate({ letter, files }, { onSuccess: () => form.reset() });
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
        <Field label={t('inbox.files')} hint={t('inbox.filesHint')}>
          <input name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff" />
        </Field>
        <div><button type="submit" disabled={record.isPending}>{t('inbox.record')}</button></div>
      </form>
    </section>
  );
}
