'use client';

import { useTranslations } from 'use-intl';
import type { Secrecy, Urgency } from '@/core/letters';

/** Urgency and secrecy as printed on letters: red and prominent; nothing for ordinary letters. */
export function LetterMarks({ urgency, secrecy }: { urgency: Urgency; secrecy: Secrecy }) {
  const t = useTranslations('letters');
  return (
    <>
      {urgency !== 'normal' && <span className="mark urgency">{t(`urgency.${urgency}`)}</span>}
      {secrecy !== 'normal' && <span className="mark secrecy">{t(`secrecy.${secrecy}`)}</span>}
    </>
  );
}
