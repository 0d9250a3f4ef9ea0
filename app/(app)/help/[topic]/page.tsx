import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslator } from '@/app/i18n/server';
import { helpTopic } from '../topics';

/** One task, step by step, with the screen where it starts. */
export default async function HelpTopicPage({ params }: { params: Promise<{ topic: string }> }) {
  const topic = helpTopic((await params).topic);
  if (!topic) notFound();
  const [t, locale] = await Promise.all([getTranslator(), getLocale()]);
  return (
    <article className="help">
      <p><Link href="/help">← {t('help.title')}</Link></p>
      <h1>{topic.titleTh}</h1>
      {locale === 'en' && <p className="muted" lang="en">{topic.titleEn} — {t('help.inThai')}</p>}
      <p>{topic.intro}</p>
      <h2>{t('help.steps')}</h2>
      <ol className="help-steps">{topic.steps.map((s) => <li key={s}>{s}</li>)}</ol>
      {topic.notes && (
        <>
          <h2>{t('help.notes')}</h2>
          <ul>{topic.notes.map((n) => <li key={n}>{n}</li>)}</ul>
        </>
      )}
      <p><Link className="button" href={topic.start.href}>{t('help.start', { screen: t(`nav.${topic.start.nav}`) })}</Link></p>
    </article>
  );
}
