'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { toThaiDigits } from '@/server/shared/thai-date';

/** จองเลข: the next send number taken now for a letter to be signed on paper, with the reason. */
export function ReserveNumber({ thaiDigits }: { thaiDigits: boolean }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const [form, setForm] = useState({ subject: '', addressee: '', reason: '', circular: false });
  const reserve = useMutation(trpc.outgoing.reserveNumber.mutationOptions({
    onSuccess: () => {
      setForm({ subject: '', addressee: '', reason: '', circular: false });
      void queryClient.invalidateQueries({ queryKey: trpc.outgoing.list.queryKey() });
    },
  }));
  const error = describe(reserve.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    reserve.mutate(form);
  }

  return (
    <section className="card">
      <h2>{t('reserve.title')}</h2>
      <p className="muted">{t('reserve.help')}</p>
      <form className="stack" onSubmit={submit} noValidate>
        {error.message && !Object.keys(error.fields).length && <p className="form-error" role="alert">{error.message}</p>}
        {reserve.data && (
          <p className="form-ok" role="status">{t('reserve.done', { number: thaiDigits ? toThaiDigits(reserve.data.documentNumber) : reserve.data.documentNumber })}</p>
        )}
        <Field label={t('letters.subject')} error={error.fields.subject}><input value={form.subject} onChange={(e) => setForm({ ...form, subject: e.target.value })} /></Field>
        <Field label={t('letters.to')} error={error.fields.addressee}><input value={form.addressee} onChange={(e) => setForm({ ...form, addressee: e.target.value })} /></Field>
        <Field label={t('reserve.reason')} error={error.fields.reason} hint={t('reserve.reasonHint')}>
          <input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        </Field>
        <label><input type="checkbox" checked={form.circular} onChange={(e) => setForm({ ...form, circular: e.target.checked })} /> {t('reserve.circular')}</label>
        <div><button type="submit" disabled={reserve.isPending}>{t('reserve.submit')}</button></div>
      </form>
    </section>
  );
}
