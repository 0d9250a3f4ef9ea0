'use client';

import { useState } from 'react';
import { useTranslations } from 'use-intl';

/** Hashes the chosen file in the browser (nothing is uploaded) and compares it with the signed file's SHA-256. */
export function VerifyFile({ sha256 }: { sha256: string }) {
  const t = useTranslations('verify');
  const [result, setResult] = useState<'match' | 'mismatch' | null>(null);

  async function check(file: File | undefined) {
    setResult(null);
    if (!file) return;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    setResult(hex === sha256 ? 'match' : 'mismatch');
  }

  return (
    <div className="verify-check">
      <label htmlFor="verify-file"><strong>{t('check')}</strong></label>
      <input id="verify-file" type="file" accept="application/pdf" aria-describedby="verify-help" onChange={(e) => void check(e.target.files?.[0])} />
      <small id="verify-help" className="muted">{t('checkHelp')}</small>
      {result && <p className={result === 'match' ? 'form-ok' : 'form-error'} role="status" data-testid="verify-result">{t(result)}</p>}
    </div>
  );
}
