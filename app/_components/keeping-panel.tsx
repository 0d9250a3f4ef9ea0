'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useThaiDigits } from '@/app/_components/digits';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { retentionClasses, type RetentionClass } from '@/core/keeping';
import { formatDate, formatIsoDate } from '@/server/shared/thai-date';

/**
 * A letter's keeping on its page: its retention and until when, a legal hold, a disposal list it
 * is on, or its destruction. The registry changes the retention and places or lifts a hold, each with a reason.
 */
export function KeepingPanel({ letterId }: { letterId: string }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const thaiDigits = useThaiDigits();
  const keeping = useQuery(trpc.keeping.ofLetter.queryOptions({ letterId }));
  const roles = useQuery(trpc.keeping.roles.queryOptions());
  const [form, setForm] = useState<'class' | 'hold' | null>(null);
  const done = () => {
    setForm(null);
    void queryClient.invalidateQueries({ queryKey: trpc.keeping.ofLetter.queryKey({ letterId }) });
  };
  const setClass = useMutation(trpc.keeping.setClass.mutationOptions({ onSuccess: done }));
  const hold = useMutation(trpc.keeping.hold.mutationOptions({ onSuccess: done }));
  const release = useMutation(trpc.keeping.release.mutationOptions({ onSuccess: done }));
  const error = describe(setClass.error ?? hold.error ?? release.error);
  const k = keeping.data;
  if (keeping.isPending) return null;
  const date = (iso: string) => formatIsoDate(iso, { locale, thaiDigits });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const reason = String(f.get('reason') ?? '');
    if (form === 'class') setClass.mutate({ letterId, retentionClass: String(f.get('retentionClass')) as RetentionClass, reason });
    else if (k?.heldAt) release.mutate({ letterId, reason });
    else hold.mutate({ letterId, reason });
  }

  return (
    <section className="card" aria-labelledby={`keeping-${letterId}`}>
      <h2 id={`keeping-${letterId}`}>{t('keeping.panel')}</h2>
      {!k ? <p className="muted">{t('keeping.notRecord')}</p> : (
        <>
          <dl className="keeping">
            <dt>{t('keeping.class')}</dt><dd data-testid="retention-class">{t(`keeping.classes.${k.retentionClass}`)}</dd>
            <dt>{t('keeping.keepUntil')}</dt><dd>{k.keepUntil ? date(k.keepUntil) : t('keeping.noEnd')}</dd>
            <dt>{t('keeping.keptBy')}</dt><dd>{t(`keeping.sources.${k.keptBy}`)}</dd>
          </dl>
          {k.destroyedAt && <p className="form-error" role="status">{t('keeping.destroyed', { date: formatDate(k.destroyedAt, { locale, thaiDigits }) })}</p>}
          {k.heldAt && (
            <p className="form-error" role="status">
              {t('keeping.heldSince', { date: formatDate(k.heldAt, { locale, thaiDigits }), name: k.heldByName ?? '', reason: k.heldReason ?? '' })}
            </p>
          )}
          {k.disposalListId && !k.destroyedAt && <p className="muted">{t('keeping.onList')}</p>}
          {roles.data?.keeper && !k.destroyedAt && form === null && (
            <div className="row">
              {!k.heldAt && !k.disposalListId && <button type="button" className="secondary" onClick={() => setForm('class')}>{t('keeping.changeClass')}</button>}
              <button type="button" className="secondary" onClick={() => setForm('hold')}>{k.heldAt ? t('keeping.release') : t('keeping.hold')}</button>
            </div>
          )}
          {form && (
            <form className="stack" onSubmit={submit} noValidate aria-label={form === 'class' ? t('keeping.changeClass') : k.heldAt ? t('keeping.release') : t('keeping.hold')}>
              {error.message && <p className="form-error" role="alert">{error.message}</p>}
              {form === 'class' && (
                <Field label={t('keeping.class')}>
                  <select name="retentionClass" defaultValue={k.retentionClass}>
                    {retentionClasses.map((c) => <option key={c} value={c}>{t(`keeping.classes.${c}`)}</option>)}
                  </select>
                </Field>
              )}
              <Field label={t('keeping.reason')} error={error.fields.reason}><input name="reason" maxLength={1000} required /></Field>
              <div className="row">
                <button type="submit" disabled={setClass.isPending || hold.isPending || release.isPending}>{t('keeping.save')}</button>
                <button type="button" className="secondary" onClick={() => setForm(null)}>{t('keeping.cancel')}</button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
