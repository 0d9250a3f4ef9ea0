'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import type { SealedOutgoing } from '@/app/_components/classified/sealed-outgoing';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPCClient } from '@/app/_trpc/react';

/**
 * A classified letter as DOCX: the letter's key handed over with this one request (a POST), the
 * copy marked with its secrecy at the top and bottom of every page and, at the foot, with the
 * reader's name, agency and the time; the act goes into the register of access.
 */
export function SealedDocx({ letterId, version, sealed }: { letterId: string; version: number | undefined; sealed: SealedOutgoing }) {
  const t = useTranslations();
  const client = useTRPCClient();
  const describe = useAppError();
  const download = useMutation({
    mutationFn: async () => {
      const contentKey = sealed.keyForRequest();
      if (!contentKey) return;
      const docx = await client.outgoing.sealedDocx.mutate({ letterId, version, contentKey });
      const bytes = Uint8Array.from(atob(docx.base64), (ch) => ch.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = docx.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
  const error = describe(download.error);
  return (
    <p>
      <button type="button" className="secondary" disabled={download.isPending} onClick={() => download.mutate()}>{t('outgoing.docx')}</button>
      {error.message && <span className="form-error" role="alert"> {error.message}</span>}
    </p>
  );
}
