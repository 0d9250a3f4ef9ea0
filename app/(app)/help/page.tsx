import { getLocale, getTranslator } from '@/app/i18n/server';
import { HelpIndex } from './help-index';
import { helpTopics } from './topics';

/** คู่มือการใช้งาน: the tasks people do, each a page of steps, found by any word of its title or task. */
export default async function HelpPage() {
  const [t, locale] = await Promise.all([getTranslator(), getLocale()]);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('help.title')}</h1>
          <p className="muted">{t('help.intro')}</p>
        </div>
      </div>
      <HelpIndex topics={helpTopics.map(({ slug, titleTh, titleEn, keywords, intro }) => ({ slug, title: locale === 'en' ? titleEn : titleTh, words: `${titleTh} ${titleEn} ${keywords}`, intro }))} />
    </>
  );
}
