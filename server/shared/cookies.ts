/** Minimal Cookie header parser (RFC 6265 pairs); values are URI-decoded when possible. */
export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

export const ACTING_UNIT_COOKIE = 'saraban_unit';
export const LOCALE_COOKIE = 'saraban_locale';

/** A cookie the server sets: HttpOnly, SameSite=Lax, and Secure when the site is served over HTTPS. */
export function serverCookie(name: string, value: string, maxAgeSeconds: number, secure: boolean) {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}
