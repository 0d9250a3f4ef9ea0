'use client';

import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { classifiedCrypto, useKeyring } from '@/app/_components/classified/keyring';
import { ClassifiedFileRefused, prepareClassifiedFile } from '@/app/_components/classified/classified-files';
import { UnlockPanel } from '@/app/_components/classified/unlock-panel';
import { useTRPCClient } from '@/app/_trpc/react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { EndpointError, useAppError } from '@/app/_components/use-app-error';
import { parseBuddhistDate } from '@/server/shared/letter-date';
import { secrecies, urgencies, type Secrecy, type Urgency } from '@/core/letters';
import { useDigits } from '@/app/_components/digits';

type Proposal = { documentNumber: string; letterDate: string; subject: string; fromText: string; toText: string; urgency: Urgency; secrecy: Secrecy; source: 'data' | 'ocr' };

/** A paper letter's details as the officer reads them off the letter; the date is typed in the Buddhist era. */
export function PaperLetterForm({ maxUploadMb, onRecorded }: { maxUploadMb: number; onRecorded: () => void }) {
  const t = useTranslations();
  const digits = useDigits();
  const describe = useAppError();
  const [dateError, setDateError] = useState<string | null>(null);
  const [secrecy, setSecrecy] = useState<Secrecy>('normal');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [subjectError, setSubjectError] = useState<string | null>(null);
  const keyring = useKeyring();
  const client = useTRPCClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [proposed, setProposed] = useState<{ fields: number; source: 'data' | 'ocr' } | null>(null);
  // A scan chosen: the details it says of itself are proposed into the fields still empty, for the officer to check.
  const propose = useMutation({
    mutationFn: async (file: File) => {
      const body = new FormData();
      body.append('file', file, file.name);
      const response = await fetch('/api/letters/prefill', { method: 'POST', body });
      const json = await response.json().catch(() => ({ error: { messageKey: 'internal' } }));
      if (!response.ok) throw new EndpointError(json.error);
      return (json as { proposal: Proposal }).proposal;
    },
    onSuccess: (p) => {
      const form = formRef.current;
      if (!form) return;
      const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      const [y, m, d] = p.letterDate ? p.letterDate.split('-').map(Number) : [];
      const values: Record<string, string> = {
        documentNumber: p.documentNumber, fromText: p.fromText, toText: p.toText, subject: p.subject,
        letterDate: y ? `${d}/${m}/${y + 543}` : '',
      };
      let filled = 0;
      for (const [name, value] of Object.entries(values)) {
        const field = input(name);
        if (field && !field.value.trim() && value) { field.value = value; filled++; }
      }
      const urgency = input('urgency');
      if (urgency && urgency.value === 'normal' && p.urgency !== 'normal') { urgency.value = p.urgency; filled++; }
      if (p.secrecy !== 'normal' && secrecy === 'normal') { setSecrecy(p.secrecy); filled++; }
      setProposed({ fields: filled, source: p.source });
    },
  });
  const proposeError = describe(propose.error);

  function onFiles(e: ChangeEvent<HTMLInputElement>) {
    setProposed(null);
    const first = e.currentTarget.files?.[0];
    // A classified letter's scan is sealed in this browser and never read by the server.
    if (first && !classified) propose.mutate(first);
  }
  const classified = secrecy === 'confidential' || secrecy === 'secret';
  const record = useMutation({
    // Details and scans go together to the upload endpoint, which records them in one transaction.
    mutationFn: async ({ letter, files }: { letter: Record<string, string>; files: File[] }) => {
      const body = classified ? await sealed(letter, files) : plain(letter, files);
      const response = await fetch(classified ? '/api/letters/classified' : '/api/letters/paper', { method: 'POST', body });
      const json = await response.json().catch(() => ({ error: { messageKey: 'internal' } }));
      if (!response.ok) throw new EndpointError(json.error);
      return json as { id: string; files: number };
    },
    onSuccess: onRecorded,
  });
  const error = describe(record.error);

  function plain(letter: Record<string, string>, files: File[]) {
    const body = new FormData();
    body.set('letter', JSON.stringify(letter));
    for (const file of files) body.append('files', file, file.name);
    return body;
  }

  /**
   * A classified letter is sealed here, in the browser: subject, remarks and scans are
   * encrypted with a new content key, wrapped for the recorder and the agency's recovery key.
   */
  async function sealed(letter: Record<string, string>, files: File[]) {
    const unlocked = keyring.unlocked;
    if (!unlocked) throw new EndpointError({ messageKey: 'classified_sealed_required' });
    const [c, status] = await Promise.all([classifiedCrypto(), client.classified.status.query()]);
    if (!status.recovery) throw new EndpointError({ messageKey: 'classified_recovery_key_missing' });
    const s = await c.sodium();
    const prepared = await Promise.all(files.map(async (f) => ({ ...(await prepareClassifiedFile(f, maxUploadMb * 1024 * 1024)), id: crypto.randomUUID() })));
    const letterId = crypto.randomUUID();
    const { subject, remarks, ...clear } = letter;
    const result = await c.sealNewLetter(s, {
      letterId, subject: subject!, remarks: remarks ?? '', files: prepared,
      wrapFor: [{ keyId: unlocked.keyId, publicKey: c.toBase64(s, unlocked.pair.publicKey) }, { keyId: status.recovery.id, publicKey: status.recovery.publicKey }],
    });
    const body = new FormData();
    body.set('letter', JSON.stringify({ ...clear, letterId, sealedDetails: result.sealedDetails, keys: result.keys }));
    for (const f of result.files) body.append(`sealed:${f.id}`, new Blob([f.bytes as Uint8Array<ArrayBuffer>]), 'sealed');
    return body;
  }

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
    // A sealed subject cannot be checked by the server: it is checked here.
    setSubjectError(classified && !letter.subject.trim() ? t('validation.required') : null);
    if (classified && !letter.subject.trim()) return;
    setFileProblem(null);
    record.mutate({ letter, files }, {
      onSuccess: () => { form.reset(); setSecrecy('normal'); },
      onError: (err) => { if (err instanceof ClassifiedFileRefused) setFileProblem(err.describe((k) => t(k as never), (k) => t.has(k as never))); },
    });
  }

  return (
    <section className="card">
      <h2>{t('inbox.recordPaper')}</h2>
      <form className="stack" onSubmit={onSubmit} noValidate ref={formRef}>
        {(fileProblem ?? error.message) && <p className="form-error" role="alert">{fileProblem ?? error.message}</p>}
        {record.isSuccess && <p className="form-ok" role="status">{t('inbox.recorded')}</p>}
        <Field label={t('inbox.files')} hint={t('inbox.filesHint', { mb: maxUploadMb })}>
          <input name="files" type="file" multiple onChange={onFiles} accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff" />
        </Field>
        {propose.isPending && <p className="muted" role="status">{t('inbox.proposing')}</p>}
        {proposed && <p className="notice" role="status">{proposed.fields > 0 ? t('inbox.proposed', { count: digits(proposed.fields) }) : t('inbox.proposedNothing')}</p>}
        {proposeError.message && <p className="muted" role="status">{t('inbox.proposeFailed', { reason: proposeError.message })}</p>}
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
        <Field label={t('letters.subject')} error={subjectError ?? error.fields.subject}><input name="subject" /></Field>
        <div className="row">
          <Field label={t('letters.urgencyLabel')}>
            <select name="urgency" defaultValue="normal">{urgencies.map((u) => <option key={u} value={u}>{t(`letters.urgency.${u}`)}</option>)}</select>
          </Field>
          <Field label={t('letters.secrecyLabel')}>
            <select name="secrecy" value={secrecy} onChange={(e) => setSecrecy(e.target.value as Secrecy)}>{secrecies.map((s) => <option key={s} value={s}>{t(`letters.secrecy.${s}`)}</option>)}</select>
          </Field>
        </div>
        <Field label={t('letters.remarks')} error={error.fields.remarks}><input name="remarks" /></Field>
        {classified && <p className="notice">{t('classified.sealedNote')}</p>}
        <div><button type="submit" disabled={record.isPending || (classified && !keyring.unlocked)}>{t('inbox.record')}</button></div>
      </form>
      {classified && <UnlockPanel purpose={t('classified.unlockToRecord')} />}
    </section>
  );
}
