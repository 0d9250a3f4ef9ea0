'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate } from '@/server/shared/thai-date';

/** The certificate the agency's letters are signed with, and importing one from the agency's certification authority. */
export function CertificateManager() {
  const t = useTranslations('signingAdmin');
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const current = useQuery(trpc.agency.certificate.queryOptions());
  const [certificatePem, setCertificate] = useState('');
  const [privateKeyPem, setKey] = useState('');
  const save = useMutation(trpc.agency.importCertificate.mutationOptions({
    onSuccess: () => { setCertificate(''); setKey(''); void queryClient.invalidateQueries({ queryKey: trpc.agency.certificate.queryKey() }); },
  }));
  const error = describe(save.error);
  const c = current.data;

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ certificatePem, privateKeyPem });
  }

  return (
    <>
      <section className="card">
        <h2>{t('current')}</h2>
        {!c ? <p className="muted">{t('none')}</p> : (
          <dl className="details" data-testid="certificate">
            <dt>{t('subject')}</dt><dd>{c.subject}</dd>
            <dt>{t('validity')}</dt><dd>{formatDate(c.notBefore, { locale })} – {formatDate(c.notAfter, { locale })}</dd>
            <dt>{t('source')}</dt><dd>{c.source === 'generated' ? t('generated') : t('imported')}{c.selfSigned && ` · ${t('selfSigned')}`}</dd>
          </dl>
        )}
      </section>
      <section className="card">
        <h2>{t('import')}</h2>
        <form className="stack" onSubmit={submit}>
          {error.message && <p className="form-error" role="alert">{error.message}</p>}
          {save.isSuccess && <p className="form-ok" role="status">{t('imported')}</p>}
          <Field label={t('certificate')} error={error.fields.certificatePem}>
            <textarea rows={6} className="mono" value={certificatePem} onChange={(e) => setCertificate(e.target.value)} required />
          </Field>
          <Field label={t('privateKey')} error={error.fields.privateKeyPem} hint={t('privateKeyHint')}>
            <textarea rows={6} className="mono" value={privateKeyPem} onChange={(e) => setKey(e.target.value)} required autoComplete="off" />
          </Field>
          <div className="row"><button type="submit" disabled={save.isPending}>{t('save')}</button></div>
        </form>
      </section>
    </>
  );
}
