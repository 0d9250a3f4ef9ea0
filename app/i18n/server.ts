import { cookies } from 'next/headers';
import { createTranslator } from 'use-intl';
import { LOCALE_COOKIE } from '@/server/shared/cookies';
import { defaultLocale, isLocale, messages, timeZone, type Locale } from './config';

export async function getLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(value) ? value : defaultLocale;
}

export async function getTranslator() {
  const locale = await getLocale();
  return createTranslator({ locale, messages: messages[locale], timeZone });
}
