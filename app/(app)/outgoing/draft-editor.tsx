'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC, useTRPCClient } from '@/app/_trpc/react';
import { useKeyring } from '@/app/_components/classified/keyring';
import { newSealing } from '@/app/_components/classified/new-sealing';
import type { SealedOutgoing } from '@/app/_components/classified/sealed-outgoing';
import { UnlockPanel } from '@/app/_components/classified/unlock-panel';
import type { DraftContent } from '@/core/draft-content';
import type { LetterKind } from '@/core/letters';
import { secrecies, urgencies } from '@/core/letters';
import { useDigits } from '@/app/_components/digits';

type Form = {
  subject: string; salutation: string; addressee: string; references: string; enclosures: string; body: string; closing: string;
  signerName: string; signerPosition: string; ownerUnit: string; phone: string; fax: string; email: string; copies: string;
  urgency: DraftContent['urgency']; secrecy: DraftContent['secrecy']; circular: boolean;
  agencies: Array<{ tenantId: string; name: string; copy: boolean }>; emails: string; replyToLetterId: string | null;
  /** Organisations reached through the government exchange (ECMS). */
  exchange: Array<{ orgId: string; ministryId: string; name: string; copy: boolean }>;
  /** Minutes (meeting facts) and statements/news (ฉบับที่). */
  issue: string; place: string; present: string; absent: string; attending: string; opened: string; closed: string; recorder: string;
};

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

function toForm(c: DraftContent): Form {
  return {
    subject: c.subject, salutation: c.salutation, addressee: c.addressee, references: c.references.join('\n'), enclosures: c.enclosures.join('\n'),
    body: c.body.join('\n\n'), closing: c.closing, signerName: c.signer.name, signerPosition: c.signer.position, ownerUnit: c.ownerUnit,
    phone: c.phone, fax: c.fax, email: c.email, copies: c.copies.join('\n'), urgency: c.urgency, secrecy: c.secrecy, circular: c.circular,
    agencies: c.recipients.flatMap((r) => (r.kind === 'agency' ? [{ tenantId: r.tenantId, name: r.name, copy: r.copy }] : [])),
    emails: c.recipients.flatMap((r) => (r.kind === 'email' ? [r.address] : [])).join('\n'), replyToLetterId: c.replyToLetterId,
    exchange: c.recipients.flatMap((r) => (r.kind === 'exchange' ? [{ orgId: r.orgId, ministryId: r.ministryId, name: r.name, copy: r.copy }] : [])),
    issue: c.extra.issue ?? '', place: c.extra.place ?? '', present: (c.extra.present ?? []).join('\n'), absent: (c.extra.absent ?? []).join('\n'),
    attending: (c.extra.attending ?? []).join('\n'), opened: c.extra.opened ?? '', closed: c.extra.closed ?? '', recorder: c.extra.recorder ?? '',
  };
}

function toContent(f: Form): DraftContent {
  return {
    subject: f.subject, salutation: f.salutation, addressee: f.addressee, references: lines(f.references), enclosures: lines(f.enclosures),
    body: f.body.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean), closing: f.closing,
    signer: { name: f.signerName, position: f.signerPosition }, ownerUnit: f.ownerUnit, phone: f.phone, fax: f.fax, email: f.email, copies: lines(f.copies),
    urgency: f.urgency, secrecy: f.secrecy, circular: f.circular, replyToLetterId: f.replyToLetterId,
    extra: Object.fromEntries(Object.entries({
      issue: f.issue.trim(), place: f.place.trim(), opened: f.opened.trim(), closed: f.closed.trim(), recorder: f.recorder.trim(),
      present: lines(f.present), absent: lines(f.absent), attending: lines(f.attending),
    }).filter(([, v]) => v.length > 0)),
    recipients: [
      ...f.agencies.map((a) => ({ kind: 'agency' as const, tenantId: a.tenantId, name: a.name, copy: a.copy })),
      ...f.exchange.map((o) => ({ kind: 'exchange' as const, orgId: o.orgId, ministryId: o.ministryId, name: o.name, copy: o.copy })),
      ...lines(f.emails).map((address) => ({ kind: 'email' as const, address, name: '', copy: false })),
    ],
  };
}

/**
 * The draft form with its live preview: the letter as the server lays it out (the same
 * Typst layout as the signed PDF), refreshed a moment after typing stops.
 */
export function DraftEditor({ kind, letterId, baseVersion, initial, sealed, onSaved }: {
  kind: LetterKind; letterId: string | null; baseVersion: number; initial: DraftContent; sealed?: SealedOutgoing; onSaved?: (version: number) => void;
}) {
  const t = useTranslations();
  const digits = useDigits();
  const trpc = useTRPC();
  const router = useRouter();
  const describe = useAppError();
  const [form, setForm] = useState<Form>(() => toForm(initial));
  const [note, setNote] = useState('');
  const [pick, setPick] = useState('');
  const [saved, setSaved] = useState<number | null>(null);
  const directory = useQuery(trpc.agency.directory.queryOptions());
  const [exchangeQuery, setExchangeQuery] = useState('');
  const [exchangeWords, setExchangeWords] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setExchangeWords(exchangeQuery.trim()), 300);
    return () => clearTimeout(timer);
  }, [exchangeQuery]);
  const exchangeFound = useQuery({ ...trpc.exchange.directory.queryOptions({ query: exchangeWords }), enabled: exchangeWords.length > 0 });
  const signers = useQuery(trpc.outgoing.signers.queryOptions());
  const client = useTRPCClient();
  const keyring = useKeyring();
  const create = useMutation(trpc.outgoing.create.mutationOptions({ onSuccess: (r) => router.push(`/outgoing/${r.id}`) }));
  // A new classified draft is sealed from its first version: its id and content key are made here, the key wrapped for the author and the recovery key.
  const createSealed = useMutation({
    mutationFn: async (draft: DraftContent) => {
      const { sealing, wipe } = await newSealing(client, keyring.unlocked);
      try {
        return await client.outgoing.create.mutate({ kind, content: draft, sealing });
      } finally {
        wipe();
      }
    },
    onSuccess: (r) => router.push(`/outgoing/${r.id}`),
  });
  const save = useMutation(trpc.outgoing.save.mutationOptions({ onSuccess: (r) => { setSaved(r.version); setNote(''); onSaved?.(r.version); } }));
  const preview = useMutation(trpc.outgoing.preview.mutationOptions());
  const content = useMemo(() => toContent(form), [form]);
  const error = describe((create.error ?? createSealed.error ?? save.error) as never);
  const classified = form.secrecy === 'confidential' || form.secrecy === 'secret';
  const previewContent = useMemo(() => ({ ...content, subject: content.subject || ' ' }), [content]);

  useEffect(() => {
    const timer = setTimeout(() => preview.mutate({ kind, content: previewContent }), 600);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the mutation object changes every render
  }, [kind, previewContent]);

  // The value is read in the handler: an updater runs later, when React may already have put the controlled input back.
  const set = <K extends keyof Form>(key: K) => (e: { target: { value: string } }) => { const { value } = e.target; setForm((f) => ({ ...f, [key]: value })); };
  const fe = (path: string) => error.fields[`content.${path}`];

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    if (letterId) save.mutate({ letterId, baseVersion, content, note: sealed?.seal(note) ?? note, contentKey: sealed?.keyForRequest() });
    else if (classified) createSealed.mutate(content);
    else create.mutate({ kind, content });
  }

  const others = (directory.data ?? []).filter((a) => !form.agencies.some((x) => x.tenantId === a.id));
  return (
    <div className="draft-layout">
      <div className="stack">
      <form className="card stack draft-form" onSubmit={submit} aria-label={t('outgoing.kinds.' + kind as never)}>
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        {saved && <p className="form-ok" role="status">{t('outgoing.saved', { version: digits(saved) })}</p>}
        <div className="row">
          <Field label={t('letters.urgencyLabel')}>
            <select value={form.urgency} onChange={set('urgency') as never}>{urgencies.map((u) => <option key={u} value={u}>{t(`letters.urgency.${u}`)}</option>)}</select>
          </Field>
          <Field label={t('letters.secrecyLabel')} error={fe('secrecy')}>
            {/* A letter is drafted classified or not from its start (what was written in the clear is never sealed after). */}
            <select value={form.secrecy} onChange={set('secrecy') as never} disabled={Boolean(letterId && sealed?.classified)}>
              {secrecies.filter((x) => !letterId || (x === 'normal') === !sealed?.classified).map((x) => <option key={x} value={x}>{t(`letters.secrecy.${x}`)}</option>)}
            </select>
          </Field>
          {(kind === 'external' || kind === 'memo' || kind === 'stamped') && (
            <label className="check"><input type="checkbox" checked={form.circular} onChange={(e) => { const { checked } = e.target; setForm((f) => ({ ...f, circular: checked })); }} /> {t('outgoing.circular')}</label>
          )}
        </div>
        <Field label={t('letters.subject')} error={fe('subject')}><input value={form.subject} onChange={set('subject')} maxLength={600} required /></Field>
        {(kind === 'external' || kind === 'memo' || kind === 'stamped' || kind === 'note') && (
          <div className="row">
            <Field label={t('outgoing.salutation')}><input value={form.salutation} onChange={set('salutation')} /></Field>
            <Field label={t('outgoing.addressee')} error={fe('addressee')}><input value={form.addressee} onChange={set('addressee')} /></Field>
          </div>
        )}
        {kind === 'external' && <Field label={t('outgoing.references')}><textarea rows={2} value={form.references} onChange={set('references')} /></Field>}
        {kind === 'external' && <Field label={t('outgoing.enclosures')}><textarea rows={2} value={form.enclosures} onChange={set('enclosures')} /></Field>}
        {(kind === 'minutes' || kind === 'statement' || kind === 'news') && (
          <div className="row">
            <Field label={t('outgoing.issue')}><input value={form.issue} onChange={set('issue')} /></Field>
            {kind === 'minutes' && <Field label={t('outgoing.place')}><input value={form.place} onChange={set('place')} /></Field>}
          </div>
        )}
        {kind === 'minutes' && (
          <>
            <div className="row">
              <Field label={t('outgoing.present')}><textarea rows={4} value={form.present} onChange={set('present')} /></Field>
              <Field label={t('outgoing.absent')}><textarea rows={4} value={form.absent} onChange={set('absent')} /></Field>
              <Field label={t('outgoing.attending')}><textarea rows={4} value={form.attending} onChange={set('attending')} /></Field>
            </div>
            <div className="row">
              <Field label={t('outgoing.opened')}><input value={form.opened} onChange={set('opened')} placeholder="09.30" /></Field>
              <Field label={t('outgoing.closed')}><input value={form.closed} onChange={set('closed')} placeholder="12.00" /></Field>
              <Field label={t('outgoing.recorder')}><input value={form.recorder} onChange={set('recorder')} /></Field>
            </div>
          </>
        )}
        <Field label={t('outgoing.body')} error={fe('body')}><textarea rows={10} value={form.body} onChange={set('body')} /></Field>
        {kind === 'external' && <Field label={t('outgoing.closing')}><input value={form.closing} onChange={set('closing')} /></Field>}
        {/* Only people who may sign are offered, the agency's chain first; choosing one fills the name and position as printed. */}
        <Field label={t('outgoing.chooseSigner')}>
          <select value="" onChange={(e) => {
            const s = signers.data?.find((p) => p.id === e.target.value);
            if (s) setForm((f) => ({ ...f, signerName: s.fullNameTh, signerPosition: s.position }));
          }}>
            <option value="">{t('letter.choose')}</option>
            {(signers.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.fullNameTh}{p.position && ` — ${p.position}`}</option>)}
          </select>
        </Field>
        <div className="row">
          <Field label={t('outgoing.signerName')} hint={t('outgoing.signerNameHint')}><input value={form.signerName} onChange={set('signerName')} placeholder="นายวิชัย ศรีสง่า" /></Field>
          <Field label={t('outgoing.signerPosition')}><input value={form.signerPosition} onChange={set('signerPosition')} /></Field>
        </div>
        {(kind === 'external' || kind === 'stamped') && (
          <div className="row">
            <Field label={t('outgoing.ownerUnit')}><input value={form.ownerUnit} onChange={set('ownerUnit')} /></Field>
            <Field label={t('outgoing.phone')}><input value={form.phone} onChange={set('phone')} /></Field>
            <Field label={t('outgoing.fax')}><input value={form.fax} onChange={set('fax')} /></Field>
            <Field label={t('outgoing.email')}><input value={form.email} onChange={set('email')} /></Field>
          </div>
        )}
        {kind === 'external' && <Field label={t('outgoing.copies')}><textarea rows={2} value={form.copies} onChange={set('copies')} /></Field>}
        <fieldset>
          <legend>{t('outgoing.recipients')}</legend>
          {fe('recipients') && <p className="form-error">{fe('recipients')}</p>}
          <ul className="plain" data-testid="agency-recipients">
            {form.agencies.map((a) => (
              <li key={a.tenantId} className="row">
                <span>{a.name}</span>
                <label className="check"><input type="checkbox" checked={a.copy} onChange={(e) => { const { checked } = e.target; setForm((f) => ({ ...f, agencies: f.agencies.map((x) => (x.tenantId === a.tenantId ? { ...x, copy: checked } : x)) })); }} /> {t('outgoing.asCopy')}</label>
                <button type="button" className="secondary" onClick={() => setForm((f) => ({ ...f, agencies: f.agencies.filter((x) => x.tenantId !== a.tenantId) }))}>{t('outgoing.remove')}</button>
              </li>
            ))}
          </ul>
          <div className="row">
            <Field label={t('outgoing.agencyRecipients')}>
              <select value={pick} onChange={(e) => setPick(e.target.value)}>
                <option value="">{t('letter.choose')}</option>
                {others.map((a) => <option key={a.id} value={a.id}>{a.nameTh}</option>)}
              </select>
            </Field>
            <button type="button" className="secondary" disabled={!pick} onClick={() => {
              const a = others.find((x) => x.id === pick);
              if (a) setForm((f) => ({ ...f, agencies: [...f.agencies, { tenantId: a.id, name: a.nameTh, copy: false }] }));
              setPick('');
            }}>{t('outgoing.addAgency')}</button>
            {form.circular && others.length > 0 && (
              <button type="button" className="secondary" onClick={() => setForm((f) => ({ ...f, agencies: [...f.agencies, ...others.map((a) => ({ tenantId: a.id, name: a.nameTh, copy: false }))] }))}>
                {t('outgoing.addAllAgencies', { count: digits(others.length) })}
              </button>
            )}
          </div>
          <div className="stack" role="group" aria-labelledby="exchange-recipients">
            <p id="exchange-recipients" className="muted">{t('outgoing.exchangeRecipients')}</p>
            <ul className="plain" data-testid="exchange-recipients">
              {form.exchange.map((o) => (
                <li key={o.orgId} className="row">
                  <span>{o.name} <span className="chip">{t('outgoing.exchangeRoute')}</span></span>
                  <label className="check"><input type="checkbox" checked={o.copy} onChange={(e) => { const { checked } = e.target; setForm((f) => ({ ...f, exchange: f.exchange.map((x) => (x.orgId === o.orgId ? { ...x, copy: checked } : x)) })); }} /> {t('outgoing.asCopy')}</label>
                  <button type="button" className="secondary" onClick={() => setForm((f) => ({ ...f, exchange: f.exchange.filter((x) => x.orgId !== o.orgId) }))}>{t('outgoing.remove')}</button>
                </li>
              ))}
            </ul>
            <Field label={t('outgoing.exchangeSearch')}><input type="search" value={exchangeQuery} onChange={(e) => setExchangeQuery(e.target.value)} maxLength={100} /></Field>
            {exchangeWords && exchangeFound.data && (exchangeFound.data.length === 0 ? <p className="muted">{t('outgoing.exchangeNone')}</p> : (
              <ul className="plain" aria-label={t('outgoing.exchangeRecipients')}>
                {exchangeFound.data.filter((o) => !form.exchange.some((x) => x.orgId === o.orgId)).map((o) => (
                  <li key={o.orgId} className="row">
                    <span>{o.name}{o.ministryName && <span className="muted"> · {o.ministryName}</span>}</span>
                    <button type="button" className="secondary" aria-label={`${t('outgoing.exchangeAdd')} ${o.name}`}
                      onClick={() => setForm((f) => ({ ...f, exchange: [...f.exchange, { orgId: o.orgId, ministryId: o.ministryId, name: o.name, copy: false }] }))}>{t('outgoing.exchangeAdd')}</button>
                  </li>
                ))}
              </ul>
            ))}
            {classified && form.exchange.length > 0 && <p className="form-error">{t('errors.classified_exchange_refused')}</p>}
          </div>
          <Field label={t('outgoing.emailRecipients')} error={Object.entries(error.fields).find(([k]) => k.startsWith('content.recipients.'))?.[1]}>
            <textarea rows={2} value={form.emails} onChange={set('emails')} />
          </Field>
        </fieldset>
        {letterId && <Field label={t('outgoing.versionNote')}><input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} /></Field>}
        {classified && !letterId && <p className="notice">{t('classified.sealedDraftNote')}</p>}
        <div className="row">
          <button type="submit" disabled={create.isPending || createSealed.isPending || save.isPending || (classified && !letterId && !keyring.unlocked)}>
            {letterId ? t('outgoing.save') : t('outgoing.create')}
          </button>
        </div>
      </form>
      {classified && !letterId && <UnlockPanel purpose={t('classified.unlockToRecord')} />}
      </div>
      <LetterPreview pages={preview.data?.pages} busy={preview.isPending} />
    </div>
  );
}

export function LetterPreview({ pages, busy }: { pages?: string[]; busy: boolean }) {
  const t = useTranslations();
  return (
    <aside className="card preview" aria-label={t('outgoing.preview')} aria-busy={busy}>
      <h2>{t('outgoing.preview')}{busy && <small className="muted"> {t('outgoing.previewing')}</small>}</h2>
      {/* eslint-disable-next-line @next/next/no-img-element */}
      {(pages ?? []).map((src, i) => <img key={i} src={src} alt={`${t('outgoing.preview')} ${i + 1}`} className="page" />)}
    </aside>
  );
}
