'use client';

import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { ClassifiedFileRefused, prepareClassifiedFile } from '@/app/_components/classified/classified-files';
import type { SealedOutgoing } from '@/app/_components/classified/sealed-outgoing';
import { SealedFileActions } from '@/app/_components/classified/sealed-letter';
import { EndpointError, useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';

type File = { id: string; kind: 'attachment' | 'signed'; fileName: string; size: number; sealed: boolean };

/**
 * สิ่งที่ส่งมาด้วย as files: added to a draft while it may be changed, sent with the signed
 * letter. A classified draft's are sealed here first (images become PDF pages, the size checked
 * before a file is read), their names too, and opened here, marked, when read.
 */
export function Attachments({ letterId, files, editable, onChange, sealed, maxUploadMb, secrecyLabel }: {
  letterId: string; files: File[]; editable: boolean; onChange: () => void; sealed: SealedOutgoing; maxUploadMb: number; secrecyLabel: string;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const input = useRef<HTMLInputElement>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async (chosen: FileList) => {
      const body = new FormData();
      if (sealed.classified) {
        const prepared = await Promise.all(Array.from(chosen).map(async (f) => ({ ...(await prepareClassifiedFile(f, maxUploadMb * 1024 * 1024)), id: crypto.randomUUID() })));
        body.set('names', JSON.stringify(Object.fromEntries(prepared.map((f) => [f.id, sealed.seal(f.name)]))));
        for (const f of prepared) body.append(`sealed:${f.id}`, new Blob([(await sealed.sealFile(f.id, f.bytes)) as Uint8Array<ArrayBuffer>]), 'sealed');
      } else {
        for (const f of Array.from(chosen)) body.append('files', f, f.name);
      }
      const response = await fetch(`/api/outgoing/${letterId}/attachments`, { method: 'POST', body });
      const json = await response.json().catch(() => ({ error: { messageKey: 'internal' } }));
      if (!response.ok) throw new EndpointError(json.error);
      return json as { added: number };
    },
    onMutate: () => setFileProblem(null),
    onSuccess: () => { if (input.current) input.current.value = ''; onChange(); },
    onError: (err) => {
      if (err instanceof ClassifiedFileRefused) setFileProblem(err.describe((k) => t(k as never), (k) => t.has(k as never)));
    },
  });
  const remove = useMutation(trpc.outgoing.removeAttachment.mutationOptions({ onSuccess: onChange }));
  const error = describe((upload.error instanceof ClassifiedFileRefused ? null : upload.error) ?? remove.error);
  const attachments = files.filter((f) => f.kind === 'attachment');
  if (!editable && attachments.length === 0) return null;
  return (
    <section className="card">
      <h2>{t('outgoing.attachments')}</h2>
      {(fileProblem ?? error.message) && <p className="form-error" role="alert">{fileProblem ?? error.message}</p>}
      {attachments.length === 0 ? <p className="empty">{t('outgoing.noAttachments')}</p> : (
        <ul className="plain" data-testid="attachments">
          {attachments.map((f) => (
            <li key={f.id} className="row">
              {f.sealed
                ? <SealedFileActions letterId={letterId} fileId={f.id} url={`/api/outgoing/${letterId}/files/${f.id}`} fileName={sealed.reveal(f.fileName)}
                  secrecyLabel={secrecyLabel} open={(body) => sealed.openFile(f.id, body)} />
                : <a href={`/api/outgoing/${letterId}/files/${f.id}`} target="_blank" rel="noreferrer">{f.fileName}</a>}
              <span className="muted">{Math.max(1, Math.round(f.size / 1024))} KB</span>
              {editable && <button type="button" className="secondary" disabled={remove.isPending} onClick={() => remove.mutate({ letterId, fileId: f.id })}>{t('outgoing.remove')}</button>}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <div className="field">
          <label htmlFor="attach-files">{t('outgoing.addAttachments')}</label>
          <input id="attach-files" ref={input} type="file" multiple accept="application/pdf,image/jpeg,image/png,image/tiff" disabled={upload.isPending}
            onChange={(e) => { if (e.target.files?.length) upload.mutate(e.target.files); }} />
          <small>{t('outgoing.attachmentsHint')}</small>
        </div>
      )}
    </section>
  );
}
