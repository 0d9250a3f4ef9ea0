'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useThaiDigits } from '@/app/_components/digits';
import { EndpointError, useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate } from '@/server/shared/thai-date';

/** The register file and the ZIP of files, uploaded for mapping; the latest imports below. */
export function ImportUpload() {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const router = useRouter();
  const describe = useAppError();
  const thaiDigits = useThaiDigits();
  const units = useQuery(trpc.units.list.queryOptions());
  const imports = useQuery(trpc.keeping.imports.queryOptions());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const shown = describe(error);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/imports', { method: 'POST', body: form });
      const body = await response.json() as { id?: string; error?: ConstructorParameters<typeof EndpointError>[0] };
      if (!response.ok || !body.id) throw new EndpointError(body.error);
      router.push(`/keeping/import/${body.id}`);
    } catch (caught) {
      setError(caught instanceof EndpointError ? caught : new EndpointError({ messageKey: 'network' }));
      setBusy(false);
    }
  }

  return (
    <>
      <section className="card">
        <p className="muted">{t('keeping.import.hint')}</p>
        <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label={t('keeping.import.title')}>
          {shown.message && <p className="form-error" role="alert">{shown.message}</p>}
          <Field label={t('keeping.import.unit')}>
            <select name="unitId">
              {(units.data ?? []).filter((u) => u.active).map((u) => <option key={u.id} value={u.id}>{u.nameTh}</option>)}
            </select>
          </Field>
          <Field label={t('keeping.import.registerKind')}>
            <select name="registerKind">
              <option value="receive">{t('keeping.registerKinds.receive')}</option>
              <option value="send">{t('keeping.registerKinds.send')}</option>
            </select>
          </Field>
          <Field label={t('keeping.import.register')}><input type="file" name="register" accept=".csv,.xlsx" required /></Field>
          <Field label={t('keeping.import.files')}><input type="file" name="files" accept=".zip" /></Field>
          <p><button type="submit" disabled={busy}>{busy ? t('keeping.import.uploading') : t('keeping.import.upload')}</button></p>
        </form>
      </section>
      <section className="card" aria-labelledby="imports-heading">
        <h2 id="imports-heading">{t('keeping.import.recent')}</h2>
        {(imports.data ?? []).length === 0 ? <p className="empty">{t('keeping.import.none')}</p> : (
          <ul className="plain">
            {imports.data!.map((i) => (
              <li key={i.id}>
                <Link href={`/keeping/import/${i.id}`}>{i.sheetName}</Link>{' — '}{t(`keeping.import.states.${i.state}`)}
                {' · '}{formatDate(i.createdAt, { locale, style: 'short', withTime: true, thaiDigits })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
