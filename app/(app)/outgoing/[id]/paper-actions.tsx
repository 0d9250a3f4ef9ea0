'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { EndpointError, useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';

/** A reserved number's letter: attach the scan of the letter signed on paper, or cancel the reservation with a note. */
export function PaperActions({ letterId, maxUploadMb, onDone }: { letterId: string; maxUploadMb: number; onDone: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const [note, setNote] = useState('');
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const body = new FormData();
      for (const f of files) body.append('files', f, f.name);
      const response = await fetch(`/api/outgoing/${letterId}/paper`, { method: 'POST', body });
      const json = await response.json().catch(() => ({ error: { messageKey: 'internal' } }));
      if (!response.ok) throw new EndpointError(json.error);
      return json as { attached: number };
    },
    onSuccess: onDone,
  });
  const cancel = useMutation(trpc.outgoing.cancelReservation.mutationOptions({ onSuccess: onDone }));
  const uploadError = describe(upload.error);
  const cancelError = describe(cancel.error);

  function attach(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const files = new FormData(e.currentTarget).getAll('files').filter((v): v is File => v instanceof File && v.size + v.name.length > 0);
    if (files.length > 0) upload.mutate(files);
  }

  return (
    <section className="card stack">
      <h2>{t('reserve.paperTitle')}</h2>
      <form className="stack" onSubmit={attach}>
        {uploadError.message && <p className="form-error" role="alert">{uploadError.message}</p>}
        <Field label={t('reserve.scan')} hint={t('inbox.filesHint', { mb: maxUploadMb })}>
          <input name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff" />
        </Field>
        <div><button type="submit" disabled={upload.isPending}>{t('reserve.attach')}</button></div>
      </form>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); cancel.mutate({ letterId, note }); }}>
        {cancelError.message && <p className="form-error" role="alert">{cancelError.fields.note ?? cancelError.message}</p>}
        <Field label={t('reserve.cancelNote')}><input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} /></Field>
        <div><button type="submit" className="secondary" disabled={cancel.isPending}>{t('reserve.cancel')}</button></div>
      </form>
    </section>
  );
}
