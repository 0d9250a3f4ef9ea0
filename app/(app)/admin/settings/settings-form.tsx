'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { defaultInboxCheck } from '@/core/settings';
import { parseBuddhistDate } from '@/server/shared/letter-date';

export function SettingsForm() {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const agency = useQuery(trpc.agency.get.queryOptions());
  const [holidayError, setHolidayError] = useState<string | null>(null);
  const [submittedWords, setSubmittedWords] = useState<string[] | null>(null);
  function wordLines(f: FormData) {
    const lines = String(f.get('words') ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
    setSubmittedWords(lines);
    return lines;
  }
  const save = useMutation(trpc.agency.updateSettings.mutationOptions({
    onSuccess: () => { void queryClient.invalidateQueries({ queryKey: trpc.agency.get.queryKey() }); router.refresh(); },
  }));
  if (!agency.data) return <p className="muted">…</p>;
  const a = agency.data;
  const error = describe(save.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    // Holidays are typed one per line as Buddhist-era dates (วว/ดด/ปปปป).
    const lines = String(f.get('holidays') ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
    const parsed = lines.map(parseBuddhistDate);
    const bad = parsed.findIndex((p) => !p.ok);
    setHolidayError(bad >= 0 ? `${lines[bad]}: ${t(`validation.${(parsed[bad] as { error: string }).error}` as never)}` : null);
    if (bad >= 0) return;
    save.mutate({
      words: wordLines(f),
      inboxCheck: {
        morning: String(f.get('morning') ?? ''), afternoon: String(f.get('afternoon') ?? ''),
        holidays: parsed.map((p) => (p as { iso: string }).iso),
      },
      address: String(f.get('address') ?? ''), phone: String(f.get('phone') ?? ''), email: String(f.get('email') ?? ''),
      thaiDigits: f.get('thaiDigits') === 'on', dateStyle: f.get('dateStyle') === 'short' ? 'short' : 'full',
    });
  }

  // A refused word is named by its line: the server's error is at words.<index>.
  const wordError = Object.entries(error.fields).find(([k]) => k === 'words' || k.startsWith('words.'));
  const wordMessage = wordError
    ? (/^words\.(\d+)$/.exec(wordError[0]) && submittedWords ? `${submittedWords[Number(wordError[0].slice(6))] ?? ''}: ${wordError[1]}` : wordError[1])
    : undefined;

  return (
    <section className="card">
      <dl className="row" style={{ marginTop: 0 }}>
        <div><dt className="muted">{t('platform.nameTh')}</dt><dd>{a.nameTh}</dd></div>
        <div><dt className="muted">{t('admin.agencyCode')}</dt><dd>{a.code}</dd></div>
        <div><dt className="muted">{t('admin.ministryCode')}</dt><dd>{a.ministryCode} {a.ownerNumber}</dd></div>
      </dl>
      <form className="stack" onSubmit={onSubmit} noValidate>
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        {save.isSuccess && <p className="form-ok" role="status">{t('admin.saved')}</p>}
        <Field label={t('admin.address')} error={error.fields.address}><textarea name="address" rows={2} defaultValue={a.address} /></Field>
        <div className="row">
          <Field label={t('admin.phone')} error={error.fields.phone}><input name="phone" defaultValue={a.phone} /></Field>
          <Field label={t('admin.email')} error={error.fields.email}><input name="email" type="email" defaultValue={a.email} /></Field>
        </div>
        <Field label={t('admin.dateStyle')}>
          <select name="dateStyle" defaultValue={a.settings.dateStyle}>
            <option value="full">{t('admin.dateFull')}</option>
            <option value="short">{t('admin.dateShort')}</option>
          </select>
        </Field>
        <label className="check"><input type="checkbox" name="thaiDigits" defaultChecked={a.settings.thaiDigits} /> {t('admin.thaiDigits')}</label>
        <Field label={t('admin.words')} hint={t('admin.wordsHint')} error={wordMessage}>
          <textarea name="words" rows={5} defaultValue={(a.settings.words ?? []).join('\n')} />
        </Field>
        <h2>{t('admin.inboxCheck')}</h2>
        <p className="muted">{t('admin.inboxCheckHelp')}</p>
        <div className="row">
          <Field label={t('admin.morningDeadline')} error={error.fields['inboxCheck.morning']}>
            <input name="morning" type="time" defaultValue={(a.settings.inboxCheck ?? defaultInboxCheck).morning} />
          </Field>
          <Field label={t('admin.afternoonDeadline')} error={error.fields['inboxCheck.afternoon']}>
            <input name="afternoon" type="time" defaultValue={(a.settings.inboxCheck ?? defaultInboxCheck).afternoon} />
          </Field>
        </div>
        <Field label={t('admin.holidays')} hint={t('admin.holidaysHint')} error={holidayError ?? error.fields['inboxCheck.holidays']}>
          <textarea name="holidays" rows={4} defaultValue={(a.settings.inboxCheck ?? defaultInboxCheck).holidays
            .map((d) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${Number(d.slice(0, 4)) + 543}`).join('\n')} />
        </Field>
        <div><button type="submit" disabled={save.isPending}>{t('admin.save')}</button></div>
      </form>
    </section>
  );
}
