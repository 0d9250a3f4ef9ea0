import { describe, expect, it } from 'vitest';
import { isNonPublicAddress, mailConnectTarget, mailFailureKey, mailHostAllowed, MailHostRefused } from '@/server/mail/mail-host';

describe('mail servers an agency may use', () => {
  it('are any public host unless the platform names them', () => {
    expect(mailHostAllowed('mail.example.go.th', {})).toBe(true);
    const rules = { allowed: 'mail.go.th, *.example.go.th' };
    expect(['mail.go.th', 'MAIL.GO.TH', 'imap.example.go.th'].map((h) => mailHostAllowed(h, rules))).toEqual([true, true, true]);
    expect(['10.0.0.5', 'localhost', 'example.go.th.evil.com', 'evilexample.go.th'].map((h) => mailHostAllowed(h, rules))).toEqual([false, false, false, false]);
  });

  it('are never loopback, private, link-local or metadata addresses by default', () => {
    for (const host of ['127.0.0.1', '10.0.0.5', '172.16.4.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '[::1]', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', 'localhost', 'db.localhost']) {
      expect(mailHostAllowed(host, {}), host).toBe(false);
    }
    expect(['8.8.8.8', '2001:4860:4860::8888'].map(isNonPublicAddress)).toEqual([false, false]);
  });

  it('may be an internal host the platform lists by its exact name or address', () => {
    expect(mailHostAllowed('127.0.0.1', { internal: '127.0.0.1' })).toBe(true);
    expect(mailHostAllowed('127.0.0.2', { internal: '127.0.0.1' })).toBe(false);
    expect(mailHostAllowed('10.1.2.3', { allowed: '*.go.th', internal: '*.go.th' })).toBe(false);
    expect(mailHostAllowed('mail.example.go.th', { internal: '127.0.0.1' })).toBe(true);
  });

  it('are refused after name resolution when a name points inside', async () => {
    await expect(mailConnectTarget('localhost', { internal: 'localhost' })).resolves.toMatchObject({ servername: 'localhost' });
    await expect(mailConnectTarget('localhost', {})).rejects.toBeInstanceOf(MailHostRefused);
    await expect(mailConnectTarget('127.0.0.1', {})).rejects.toBeInstanceOf(MailHostRefused);
    await expect(mailConnectTarget('127.0.0.1', { internal: '127.0.0.1' })).resolves.toEqual({ address: '127.0.0.1', servername: undefined });
  });

  it('report failures by a key, never by what the socket said', () => {
    expect(mailFailureKey(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('mail_connection_failed');
    expect(mailFailureKey(Object.assign(new Error('Invalid login'), { code: 'EAUTH' }))).toBe('mail_auth_failed');
    expect(mailFailureKey(new MailHostRefused())).toBe('mail_host_not_allowed');
  });
});
