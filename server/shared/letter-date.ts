/**
 * Letter dates as officers type them: day/month/Buddhist-era year ("24/11/2569").
 * Pure: the browser form and the server share it. Returns an ISO (Christian-era) date.
 */
export type LetterDateResult = { ok: true; iso: string } | { ok: false; error: 'date_format' | 'date_looks_christian' | 'date_invalid' };

export function parseBuddhistDate(text: string): LetterDateResult {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(toArabicDigits(text));
  if (!m) return { ok: false, error: 'date_format' };
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A year such as 2026 is the Christian era typed where the Buddhist era is expected.
  if (year < 2400) return { ok: false, error: 'date_looks_christian' };
  const ce = year - 543;
  const date = new Date(Date.UTC(ce, month - 1, day));
  if (date.getUTCFullYear() !== ce || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return { ok: false, error: 'date_invalid' };
  return { ok: true, iso: date.toISOString().slice(0, 10) };
}

export function toArabicDigits(text: string) {
  return text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

/** Today's date in Asia/Bangkok as ISO. */
export function todayInBangkok(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
