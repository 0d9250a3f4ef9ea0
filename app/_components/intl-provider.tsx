'use client';

import { useEffect, type ReactNode } from 'react';
import { IntlProvider } from 'use-intl';
import { z } from 'zod';
import { messages, timeZone, type Locale } from '@/app/i18n/config';

/** Messages and locale for client components; zod's own messages follow the UI language. */
export function ClientIntlProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  useEffect(() => {
    z.config(locale === 'th' ? z.locales.th() : z.locales.en());
  }, [locale]);
  return (
    <IntlProvider locale={locale} messages={messages[locale]} timeZone={timeZone}>
      {children}
    </IntlProvider>
  );
}
