import { describe, expect, it } from 'vitest';
import { agencyCode, ministryCode, ownerNumber, password, username } from '@/server/shared/fields';
import { parseCookies, serverCookie } from '@/server/shared/cookies';

describe('official codes', () => {
  it('accepts ministry letter codes of two or three Thai consonants', () => {
    for (const code of ['นร', 'ศธ', 'มท', 'กค', 'ชม']) expect(ministryCode.safeParse(code).success).toBe(true);
  });

  it('refuses latin, digits, vowels and too long codes', () => {
    for (const code of ['NR', '01', 'นรา', 'นรมทศ', '']) expect(ministryCode.safeParse(code).success).toBe(false);
  });

  it('accepts owner numbers such as 0105 and 0105.3', () => {
    expect(ownerNumber.safeParse('0105').success).toBe(true);
    expect(ownerNumber.safeParse('0105.3').success).toBe(true);
    expect(ownerNumber.safeParse('01a5').success).toBe(false);
    expect(ownerNumber.safeParse('04001').success).toBe(false);
  });
});

describe('sign-in names', () => {
  it('lowercases usernames and agency codes', () => {
    expect(username.parse('  Somsri.J ')).toBe('somsri.j');
    expect(agencyCode.parse('OPM')).toBe('opm');
  });

  it('refuses usernames with spaces, Thai letters or markup', () => {
    for (const u of ['som sri', 'สมศรี', '<script>', 'ab']) expect(username.safeParse(u).success).toBe(false);
  });

  it('needs passwords of 10 to 128 characters', () => {
    expect(password.safeParse('short').success).toBe(false);
    expect(password.safeParse('long-enough-1').success).toBe(true);
    expect(password.safeParse('x'.repeat(129)).success).toBe(false);
  });
});

describe('cookies', () => {
  it('parses pairs and keeps the first of duplicates', () => {
    expect(parseCookies('a=1; b=%E0%B8%81; a=2')).toEqual({ a: '1', b: 'ก' });
    expect(parseCookies(null)).toEqual({});
  });
});

describe('cookies the server sets', () => {
  it('are HttpOnly and SameSite=Lax, and Secure only when the site is served over HTTPS', () => {
    expect(serverCookie('saraban_unit', 'u1', 60, false)).toBe('saraban_unit=u1; Path=/; HttpOnly; SameSite=Lax; Max-Age=60');
    expect(serverCookie('saraban_unit', 'u1', 60, true)).toBe('saraban_unit=u1; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure');
  });
});
