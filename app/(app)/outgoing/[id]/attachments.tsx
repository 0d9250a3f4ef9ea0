'use client';

import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslations } from 'use-intl';
import { EndpointError, useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';

type File = { id: string; kind: 'attachment' | 'signed'; fileName: string; size: number };

/** สิ่งที่ส่งมาด้วย as files: added to a draft while it may be changed, sent with the signed letter. */
export function Attachments({ letterId, files, editable, onChange }: { letterId: string; files: File[]; editable: boolean; onChange: () => void }) {
  const t = useTranslations('outgoing');
  const trpc = useTRPC();
  const describe = useAppError();
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: async (chosen: FileList) => {
      const body = new FormData();
      for (const f of Array.from(chosen)) body.append('files', f, f.name);
      const response = await fetch(`/api/outgoing/${letterId}/attachments`, { method: 'POST', body });
      const json = await response.json().catch(() => ({ error: { messageKey: 'internal' } }));
      if (!response.ok) throw new EndpointError(json.error);
      return json as { added: number };
    },
    onSuccess: () => { if (input.current) input.current.value = ''; onChange(); },
  });
  const remove = useMutation(trpc.outgoing.removeAttachment.mutationOptions({ onSuccess: onChange }));
  const error = describe(upload.error ?? remove.error);
  const attachments = files.filter((f) => f.kind === 'attachment');
  if (!editable && attachments.length === 0) return null;
  return (
    <section className="card">
      <h2>{t('attachments')}</h2>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      {attachments.length === 0 ? <p className="empty">{t('noAttachments')}</p> : (
        <ul className="plain" data-testid="attachments">
          {attachments.map((f) => (
            <li key={f.id} className="row">
              <a href={`/api/outgoing/${letterId}/files/${f.id}`} target="_blank" rel="noreferrer">{f.fileName}</a>
              <span className="muted">{Math.max(1, Math.round(f.size / 1024))} KB</span>
              {editable && <button type="button" className="secondary" disabled={remove.isPending} onClick={() => remove.mutate({ letterId, fileId: f.id })}>{t('remove')}</button>}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <div className="field">
          <label htmlFor="attach-files">{t('addAttachments')}</label>
          <input id="attach-files" ref={input} type="file" multiple accept="application/pdf,image/jpeg,image/png,image/tiff" disabled={upload.isPending}
            onChange={(e) => { if (e.target.files?.length) upload.mutate(e.target.files); }} />
          <small>{t('attachmentsHint')}</small>
        </div>
      )}
    </section>
  );
}
