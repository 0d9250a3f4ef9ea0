/**
 * Buddhist-era dates in Asia/Bangkok, as Thai letters print them: "๒๔ พฤศจิกายน ๒๕๖๙"
 * (full month, BE year = CE + 543, no leading zero) or "24 พ.ย. 2569". Pure: usable
 * in the browser, on the server and in documents.
 */
export type DateStyle = 'full' | 'short';
export type DateOptions = { style?: DateStyle; thaiDigits?: boolean; locale?: 'th' | 'en'; withTime?: boolean };

const TIME_ZONE = 'Asia/Bangkok';
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, locale: string, options: Intl.DateTimeFormatOptions) {
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: TIME_ZONE });
    cache.set(key, f);
  }
  return f;
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

export function toThaiDigits(text: string) {
  return text.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]!);
}

export function formatDate(value: Date | string | number, options: DateOptions = {}) {
  const date = value instanceof Date ? value : new Date(value);
  const { style = 'full', thaiDigits = false, locale = 'th', withTime = false } = options;
  const intlLocale = locale === 'th' ? 'th-TH-u-ca-buddhist-nu-latn' : 'en-GB-u-ca-buddhist-nu-latn';
  const parts: Intl.DateTimeFormatOptions = {
    day: 'numeric', month: style === 'full' ? 'long' : 'short', year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  };
  let text = formatter(`${intlLocale}|${style}|${withTime}`, intlLocale, parts).format(date);
  if (locale === 'th' && withTime) text = text.replace(/ เวลา /, ' ') + ' น.';
  return thaiDigits && locale === 'th' ? toThaiDigits(text) : text;
}

/** A calendar date (ISO, no time, e.g. a letter's ลงวันที่) printed like any other date. */
export function formatIsoDate(isoDate: string, options: Omit<DateOptions, 'withTime'> = {}) {
  // Midday in Bangkok: the same calendar day whatever the viewer's time zone.
  return formatDate(`${isoDate}T12:00:00+07:00`, { ...options, withTime: false });
}

/** The Buddhist-era year of a moment in Asia/Bangkok (registers restart each calendar year). */
export function buddhistYear(value: Date) {
  const year = Number(formatter('year', 'en-US', { year: 'numeric' }).format(value));
  return year + 543;
}

/** The time of day in Asia/Bangkok as Thai offices write it: "14:05 น." */
export function formatTime(value: Date | string | number, options: { thaiDigits?: boolean } = {}) {
  const date = value instanceof Date ? value : new Date(value);
  const text = `${formatter('time', 'en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date)} น.`;
  return options.thaiDigits ? toThaiDigits(text) : text;
}
