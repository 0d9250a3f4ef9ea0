'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import type { ReviewChainSettings } from '@/db/schema/tenancy';

/** The chain a new draft is offered (reviewers in order, then the signer); each letter may change it. */
export function ReviewChainForm({ initial }: { initial: ReviewChainSettings | undefined }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const people = useQuery(trpc.people.list.queryOptions());
  const [reviewers, setReviewers] = useState<string[]>(initial?.reviewers ?? []);
  const [signerId, setSignerId] = useState(initial?.signerId ?? '');
  const save = useMutation(trpc.agency.setReviewChain.mutationOptions());
  const error = describe(save.error);
  const active = (people.data ?? []).filter((p) => p.status === 'active');
  const options = active.map((p) => <option key={p.id} value={p.id}>{p.fullNameTh}{p.position && ` — ${p.position}`}</option>);

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ reviewers: reviewers.filter(Boolean), signerId: signerId || null });
  }

  return (
    <section className="card">
      <h2>{t('admin.reviewChain')}</h2>
      <p className="muted">{t('admin.reviewChainHelp')}</p>
      <form className="stack" onSubmit={submit}>
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        {save.isSuccess && <p className="form-ok" role="status">{t('admin.saved')}</p>}
        <fieldset>
          <legend>{t('outgoing.reviewers')}</legend>
          {reviewers.map((r, i) => (
            <div className="row" key={i}>
              <select aria-label={`${t('outgoing.reviewers')} ${i + 1}`} value={r} onChange={(e) => setReviewers(reviewers.map((x, j) => (j === i ? e.target.value : x)))}>
                <option value="">{t('letter.choose')}</option>{options}
              </select>
              <button type="button" className="secondary" onClick={() => setReviewers(reviewers.filter((_, j) => j !== i))}>{t('outgoing.remove')}</button>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => setReviewers([...reviewers, ''])}>{t('outgoing.addReviewer')}</button>
        </fieldset>
        <Field label={t('outgoing.signer')}>
          <select value={signerId} onChange={(e) => setSignerId(e.target.value)}>
            <option value="">{t('letter.choose')}</option>{options}
          </select>
        </Field>
        <div className="row"><button type="submit" disabled={save.isPending}>{t('admin.saveReviewChain')}</button></div>
      </form>
    </section>
  );
}
