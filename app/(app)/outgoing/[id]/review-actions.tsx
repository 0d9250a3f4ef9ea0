'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { ChainFields } from '@/app/_components/chain-fields';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC, useTRPCClient } from '@/app/_trpc/react';
import { useKeyring } from '@/app/_components/classified/keyring';
import { newSealing } from '@/app/_components/classified/new-sealing';
import type { inferRouterOutputs } from '@trpc/server';
import type { ReviewChainSettings } from '@/core/settings';
import type { AppRouter } from '@/server/routers/_app';
import type { SealedOutgoing } from '@/app/_components/classified/sealed-outgoing';
import { SealedSend } from './sealed-send';
import { useDigits } from '@/app/_components/digits';

type Data = inferRouterOutputs<AppRouter>['outgoing']['get'];

/** The chain (เสนอ → ตรวจ → ลงนาม) and what the viewer may do now: submit, review, sign (with the password), send. */
export function ReviewActions({ data, sealed, onDone, defaultChain }: { data: Data; sealed: SealedOutgoing; onDone: () => void; defaultChain: ReviewChainSettings | undefined }) {
  const t = useTranslations();
  const digits = useDigits();
  const trpc = useTRPC();
  const describe = useAppError();
  const people = useQuery({ ...trpc.outgoing.people.queryOptions(), enabled: data.can.submit });
  const signers = useQuery({ ...trpc.outgoing.signers.queryOptions(), enabled: data.can.submit });
  // A classified letter goes up the chain only to people holding a key, and with it wrapped for them here.
  const readers = useQuery({ ...trpc.classified.readers.queryOptions({ secrecy: data.letter.secrecy }), enabled: data.can.submit && sealed.classified });
  // The chain of the last round, or the agency's default for a first submission.
  const [reviewers, setReviewers] = useState<string[]>(() => (data.steps.length > 0 ? data.steps.filter((s) => s.action === 'review').map((s) => s.userId) : defaultChain?.reviewers ?? []));
  const [signerId, setSignerId] = useState(() => data.steps.find((s) => s.action === 'sign')?.userId ?? defaultChain?.signerId ?? '');
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const done = (text: string) => () => { setMessage(text); setReason(''); setPassword(''); onDone(); };
  const submit = useMutation(trpc.outgoing.submit.mutationOptions({ onSuccess: done(t('outgoing.submitted')) }));
  const decide = useMutation(trpc.outgoing.decide.mutationOptions({ onSuccess: done(t('outgoing.decided')) }));
  const sign = useMutation(trpc.outgoing.sign.mutationOptions({ onSuccess: (r) => done(t('outgoing.signed', { number: r.documentNumber }))() }));
  const router = useRouter();
  const [reviseReason, setReviseReason] = useState('');
  const client = useTRPCClient();
  const keyring = useKeyring();
  // A classified letter's revision is a new sealed draft: its id and key made here, the signed version opened with this letter's key.
  const revise = useMutation({
    mutationFn: async (input: { letterId: string; reason: string }) => {
      if (!sealed.classified) return client.outgoing.revise.mutate(input);
      const { sealing, wipe } = await newSealing(client, keyring.unlocked);
      try {
        return await client.outgoing.revise.mutate({ letterId: input.letterId, reason: sealed.seal(input.reason), contentKey: sealed.keyForRequest(), sealing });
      } finally {
        wipe();
      }
    },
    onSuccess: (r) => router.push(`/outgoing/${r.id}`),
  });
  const send = useMutation(trpc.outgoing.send.mutationOptions({ onSuccess: (r) => done(t('outgoing.sentDone', { count: digits(r.recipients) }))() }));
  const pending = submit.isPending || decide.isPending || sign.isPending || send.isPending || revise.isPending;
  const error = describe(submit.error ?? decide.error ?? sign.error ?? send.error ?? revise.error);
  const { letter, can } = data;

  return (
    <section className="card stack" aria-labelledby="chain-title">
      <h2 id="chain-title">{t('outgoing.chain')}</h2>
      {data.steps.length > 0 && (
        <ol className="chain" data-testid="chain">
          {data.steps.map((s) => (
            <li key={`${s.round}-${s.position}`} className={`step-${s.state}`}>
              <strong>{t(`outgoing.step.${s.action}`)}</strong>: {s.userName}{s.userPosition && ` (${s.userPosition})`} — {s.state === 'current' ? '…' : t(`outgoing.stepState.${s.state}` as never)}
              {s.reason && <div className="muted">“{sealed.reveal(s.reason)}”</div>}
            </li>
          ))}
        </ol>
      )}
      {message && <p className="form-ok" role="status">{message}</p>}
      {error.message && <p className="form-error" role="alert">{error.message}</p>}

      {can.submit && (
        <form className="stack" onSubmit={(e) => {
          e.preventDefault();
          setMessage(null);
          const chain = [...reviewers.filter(Boolean), signerId];
          const keys = sealed.classified ? sealed.wrapFor((readers.data ?? []).filter((r) => chain.includes(r.id))) : [];
          submit.mutate({ letterId: letter.id, reviewers: reviewers.filter(Boolean), signerId, keys });
        }}>
          <ChainFields people={people.data ?? []} signers={signers.data ?? []} reviewers={reviewers} onReviewers={setReviewers} signerId={signerId} onSigner={setSignerId} signerRequired />
          <div className="row"><button type="submit" disabled={pending || !signerId}>{t('outgoing.submit')}</button></div>
        </form>
      )}

      {can.review && (
        <form className="stack" onSubmit={(e) => e.preventDefault()}>
          <Field label={t('outgoing.reason')}><textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} /></Field>
          <div className="row">
            <button type="button" disabled={pending} onClick={() => decide.mutate({ letterId: letter.id, decision: 'approve', reason: sealed.seal(reason) })}>{t('outgoing.approve')}</button>
            <button type="button" className="secondary" disabled={pending} onClick={() => decide.mutate({ letterId: letter.id, decision: 'return', reason: sealed.seal(reason) })}>{t('outgoing.return')}</button>
            <button type="button" className="danger" disabled={pending} onClick={() => decide.mutate({ letterId: letter.id, decision: 'reject', reason: sealed.seal(reason) })}>{t('outgoing.reject')}</button>
          </div>
        </form>
      )}

      {can.sign && (
        <form className="stack" onSubmit={(e) => { e.preventDefault(); setMessage(null); sign.mutate({ letterId: letter.id, password, contentKey: sealed.keyForRequest() }); }}>
          <p className="muted">{t('outgoing.signHelp')}</p>
          <Field label={t('outgoing.password')}><input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></Field>
          <div className="row">
            <button type="submit" disabled={pending || !password}>{t('outgoing.sign')}</button>
            <button type="button" className="secondary" disabled={pending} onClick={() => decide.mutate({ letterId: letter.id, decision: 'return', reason: sealed.seal(reason) })}>{t('outgoing.return')}</button>
          </div>
          <Field label={t('outgoing.reason')}><input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} /></Field>
        </form>
      )}

      {letter.supersededBy && (
        <p className="form-error" role="status">{t('outgoing.supersededNote', { reason: sealed.reveal(letter.supersededReason ?? '') })} <a href={`/outgoing/${letter.supersededBy}`}>{t('outgoing.openRevision')}</a></p>
      )}

      {can.revise && (
        <form className="stack" onSubmit={(e) => { e.preventDefault(); revise.mutate({ letterId: letter.id, reason: reviseReason }); }}>
          <p className="muted">{t('outgoing.reviseHelp')}</p>
          <Field label={t('outgoing.reviseReason')}><input value={reviseReason} onChange={(e) => setReviseReason(e.target.value)} maxLength={1000} required /></Field>
          <div className="row"><button type="submit" className="secondary" disabled={pending || !reviseReason.trim()}>{t('outgoing.revise')}</button></div>
        </form>
      )}

      {can.send && sealed.classified && (
        <SealedSend data={data} sealed={sealed} pending={pending} onSend={(sealing) => { setMessage(null); send.mutate({ letterId: letter.id, sealed: sealing }); }} />
      )}

      {can.send && !sealed.classified && (
        <div className="stack">
          <p className="muted">{t('outgoing.sendHelp')}</p>
          <div className="row"><button type="button" disabled={pending} onClick={() => { setMessage(null); send.mutate({ letterId: letter.id }); }}>{t('outgoing.send')}</button></div>
        </div>
      )}
    </section>
  );
}
