'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useTranslations } from 'use-intl';

type Entry = { slug: string; title: string; words: string; intro: string };

/** The help topics with a box that narrows them to those holding every word typed. */
export function HelpIndex({ topics }: { topics: Entry[] }) {
  const t = useTranslations();
  const [query, setQuery] = useState('');
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = topics.filter((e) => words.every((w) => e.words.toLowerCase().includes(w)));
  return (
    <>
      <div className="card">
        <label className="field">
          {t('help.find')}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('help.findExample')} />
        </label>
      </div>
      {shown.length === 0 ? <p className="empty" role="status">{t('help.none')}</p> : (
        <ul className="help-list">
          {shown.map((e) => (
            <li key={e.slug} className="card">
              <h2><Link href={`/help/${e.slug}`}>{e.title}</Link></h2>
              <p className="muted">{e.intro}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
