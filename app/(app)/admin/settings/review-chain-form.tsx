'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { ChainFields } from '@/app/_components/chain-fields';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import type { ReviewChainSettings } from '@/core/settings';

/** The chain a new draft is offered (reviewers in order, then the signer); each letter may change it. */
export function ReviewChainForm({ initial }: { initial: ReviewChainSettings | undefined }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const people = useQuery(trpc.people.list.queryOptions());
  const signers = useQuery(trpc.agency.signers.queryOptions());
  const [reviewers, setReviewers] = useState<string[]>(initial?.reviewers ?? []);
  const [signerId, setSignerId] = useState(initial?.signerId ?? '');
  const save = useMutation(trpc.agency.setReviewChain.mutationOptions());
  const error = describe(save.error);
  const active = (people.data ?? []).filter((p) => p.status === 'active');

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
        <ChainFields people={active} signers={signers.data ?? []} reviewers={reviewers} onReviewers={setReviewers} signerId={signerId} onSigner={setSignerId} />
        <div className="row"><button type="submit" disabled={save.isPending}>{t('admin.saveReviewChain')}</button></div>
      </form>
    </section>
  );
}
