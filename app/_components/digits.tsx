'use client';

import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { useLocale } from 'use-intl';
import { toThaiDigits } from '@/server/shared/thai-date';

const ThaiDigits = createContext(false);

/** The agency's digit setting for every number shown inside (the signed-in shell provides it). */
export function DigitsProvider({ thai, children }: { thai: boolean; children: ReactNode }) {
  return <ThaiDigits.Provider value={thai}>{children}</ThaiDigits.Provider>;
}

/** Numbers as the agency writes them: Thai digits when its setting says so and the page is in Thai. */
export function useDigits() {
  const thai = useContext(ThaiDigits);
  const locale = useLocale();
  return useCallback((value: number | string) => (thai && locale === 'th' ? toThaiDigits(String(value)) : String(value)), [thai, locale]);
}

/** Whether numbers are written in Thai digits here (for formatters that take the flag: dates, times). */
export function useThaiDigits() {
  const thai = useContext(ThaiDigits);
  const locale = useLocale();
  return thai && locale === 'th';
}
