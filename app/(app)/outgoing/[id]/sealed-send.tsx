'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslations } from 'use-intl';
import type { inferRouterOutputs } from '@trpc/server';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import type { SealedOutgoing } from '@/app/_components/classified/sealed-outgoing';
import type { AppRouter } from '@/server/routers/_app';

type Data = inferRouterOutputs<AppRouter>['outgoing']['get'];
export type SealedSending = { details: string; agencies: Array<{ tenantId: string; keys: Array<{ keyId: string; wrapped: string }> }> };

/**
 * Sending a classified letter on the platform (docs/classified.md): the receiving agencies'
 * officers and recovery keys from the platform directory, each with its fingerprint, a key
 * that replaced an earlier one flagged and confirmed before anything is wrapped; then the
 * letter's key is wrapped for them here and its details sealed, and only that is sent.
 */
export function SealedSend({ data, sealed, pending, onSend }: { data: Data; sealed: SealedOutgoing; pending: boolean; onSend: (sealing: SealedSending) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const agencies = useQuery(trpc.classified.sendingKeys.queryOptions({ letterId: data.letter.id }));
  const [checked, setChecked] = useState(false);
  const list = agencies.data ?? [];
  const changed = list.some((a) => a.officers.some((o) => o.keyChanged));
  const unready = list.filter((a) => !a.recovery || a.officers.length === 0);
  const signedFile = data.files.find((f) => f.kind === 'signed');
  const error = describe(agencies.error);

  const send = () => {
    const content = sealed.content;
    if (!content || !signedFile) return;
    onSend({
      // The signed letter first, then its attachments, each by the id its ciphertext is bound to (the receiving agency keeps it).
      details: sealed.sealDetails({
        subject: content.subject, remarks: '', files: [signedFile, ...data.files.filter((f) => f.kind === 'attachment')]
          .map((f) => ({ id: f.id, name: f.kind === 'signed' ? f.fileName : sealed.reveal(f.fileName), type: 'application/pdf' })),
      }),
      agencies: list.map((a) => ({ tenantId: a.tenantId, keys: sealed.wrapFor([...a.officers, ...(a.recovery ? [a.recovery] : [])]) })),
    });
  };

  return (
    <div className="stack" data-testid="sealed-send">
      <p className="muted">{t('classified.sendHelp')}</p>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      {list.map((a) => (
        <fieldset key={a.tenantId} className="stack">
          <legend>{a.nameTh}</legend>
          {a.officers.length === 0 || !a.recovery
            ? <p className="form-error">{t('errors.recipient_classified_unready')}</p>
            : (
              <ul>
                {a.officers.map((o) => (
                  <li key={o.keyId}>
                    {o.fullNameTh}{o.position && ` (${o.position})`}{' '}
                    <small className={o.keyChanged ? 'error' : 'muted'}>
                      {t('classified.fingerprint')} <code>{o.fingerprint}</code>{o.keyChanged && <> — {t('classified.keyChanged')}</>}
                    </small>
                  </li>
                ))}
                <li><small className="muted">{t('classified.recoveryOf')} <code>{a.recovery.fingerprint}</code></small></li>
              </ul>
            )}
        </fieldset>
      ))}
      {changed && (
        <label className="row"><input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} /> {t('classified.confirmChangedKeys')}</label>
      )}
      <div className="row">
        <button type="button" onClick={send} disabled={pending || !agencies.data || unready.length > 0 || (changed && !checked) || !sealed.content || !signedFile}>
          {t('classified.sendSealed')}
        </button>
      </div>
    </div>
  );
}
