import en from './messages/en';
import th, { type Messages } from './messages/th';

export const locales = ['th', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'th';
export const timeZone = 'Asia/Bangkok';

export function isLocale(value: unknown): value is Locale {
  return locales.includes(value as Locale);
}

export const messages: Record<Locale, Messages> = { th, en };
