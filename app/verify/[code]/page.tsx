import type { Metadata } from 'next';
import { getLocale, getTranslator } from '@/app/i18n/server';
import { findSignedDocument } from '@/server/platform/verify-document';
import { formatDate, formatIsoDate } from '@/server/shared/thai-date';
import { VerifyFile } from './verify-file';

export const metadata: Metadata = { title: 'ตรวจสอบหนังสือ' };
export const dynamic = 'force-dynamic';

/**
 * The public page a signed letter's QR leads to: anyone holding the letter sees who
 * signed what and when, and can check their file against the signed file's SHA-256.
 */
export default async function VerifyPage({ params }: { params: Promise<{ code: string }> }) {
  const [{ code }, t, locale] = await Promise.all([params, getTranslator(), getLocale()]);
  const doc = await findSignedDocument(code);
  // Written as the signing agency writes dates and numbers.
  const written = { locale: locale as 'th' | 'en', style: doc?.settings?.dateStyle, thaiDigits: doc?.settings?.thaiDigits ?? false };
  return (
    <main className="auth-page">
      <div className="auth-card verify-card">
        <header>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/garuda.svg" alt="" />
          <h1>{t('verify.title')}</h1>
        </header>
        {!doc ? <p className="form-error" role="alert">{t('verify.unknown')}</p> : (
          <>
            <p className="form-ok" role="status">{t('verify.found')}</p>
            <dl className="facts" data-testid="verified">
              <dt>{t('verify.agency')}</dt><dd>{doc.agencyName}</dd>
              {doc.documentNumber && <><dt>{t('verify.number')}</dt><dd>{doc.documentNumber}</dd></>}
              <dt>{t('verify.date')}</dt><dd>{formatIsoDate(doc.letterDate, written)}</dd>
              <dt>{t('verify.signer')}</dt><dd>{doc.signerName}{doc.signerPosition && ` (${doc.signerPosition})`}</dd>
              <dt>{t('verify.signedAt')}</dt><dd>{formatDate(doc.signedAt, { ...written, withTime: true })}</dd>
              <dt>{t('verify.sha')}</dt><dd className="mono">{doc.sha256}</dd>
            </dl>
            <VerifyFile sha256={doc.sha256} />
          </>
        )}
      </div>
    </main>
  );
}
