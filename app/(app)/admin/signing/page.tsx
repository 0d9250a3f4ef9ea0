import { getTranslator } from '@/app/i18n/server';
import { CertificateManager } from './certificate-manager';

export default async function SigningPage() {
  const t = await getTranslator();
  return (
    <>
      <h1>{t('signingAdmin.title')}</h1>
      <p className="muted">{t('signingAdmin.help')}</p>
      <CertificateManager />
    </>
  );
}
