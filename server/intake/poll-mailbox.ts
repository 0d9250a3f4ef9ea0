import { and, eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { mailboxes } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { enqueue } from '@/server/queue/enqueue';
import { openSecret } from '@/server/security/secret-box';
import { mailConnectTarget, mailFailureKey } from '@/server/mail/mail-host';
import { MAILBOX_SECRET } from './mailboxes';
import { maxEmailBytes, receiveEmail, rejectEmail } from './receive-email';
import { env } from '@/core/env';

const POLL_SECONDS = () => env().MAIL_POLL_SECONDS;

/**
 * Background job: reads the new messages of an agency's mailbox over IMAP (read-only:
 * the mailbox is left as it was) and turns each into a waiting letter. Progress is
 * saved after every message, so a crash resumes where it stopped, and Message-IDs make
 * a message read twice one letter. Whatever happens, the next poll is queued.
 */
export async function pollMailbox({ tenantId, mailboxId }: { tenantId: string; mailboxId: string }) {
  const scope = { tenantId, userId: null, system: true };
  const box = await runInTenant(scope, async (tx) => {
    const [row] = await tx.select().from(mailboxes).where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId)));
    return row;
  });
  if (!box?.enabled) return;
  let error: string | null = null;
  let client: ImapFlow | null = null;
  try {
    // The address is checked and then connected to as it is (server/mail/mail-host.ts).
    const target = await mailConnectTarget(box.host);
    client = new ImapFlow({
      host: target.address, port: box.port, secure: box.tls, servername: target.servername, logger: false,
      connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000,
      auth: { user: box.username, pass: openSecret(MAILBOX_SECRET, box.passwordEncrypted) },
    });
    await client.connect();
    const lock = await client.getMailboxLock(box.folder, { readOnly: true });
    try {
      const opened = client.mailbox === false ? null : client.mailbox;
      const validity = Number(opened?.uidValidity ?? 0);
      // A new UIDVALIDITY means the server renumbered the folder: read it again (Message-IDs prevent duplicates).
      let lastUid = box.uidValidity === validity ? box.lastUid : 0;
      const uids = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter((uid) => uid > lastUid).sort((x, y) => x - y);
      for (const uid of uids) {
        // The server tells a message's size first: one too large is noted as refused, never downloaded.
        const head = await client.fetchOne(String(uid), { size: true, envelope: true }, { uid: true });
        if (head && (head.size ?? 0) > maxEmailBytes()) {
          await rejectEmail(tenantId, box.unitId, {
            fromText: head.envelope?.from?.[0]?.address ?? '', subject: head.envelope?.subject ?? '', reason: 'file_too_large',
            externalRef: `email:imap:${box.id}:${validity}:${uid}`, detail: { size: head.size },
          });
        } else {
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (message && message.source) await receiveEmail(tenantId, box.unitId, message.source);
        }
        lastUid = uid;
        await runInTenant(scope, (tx) => tx.update(mailboxes).set({ uidValidity: validity, lastUid })
          .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId))));
      }
      if (box.uidValidity !== validity) {
        await runInTenant(scope, (tx) => tx.update(mailboxes).set({ uidValidity: validity, lastUid })
          .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId))));
      }
    } finally {
      lock.release();
    }
    await client.logout();
  } catch (e) {
    error = mailFailureKey(e);
    client?.close();
  }
  await runInTenant(scope, async (tx) => {
    await tx.update(mailboxes).set({ lastPolledAt: new Date(), lastError: error })
      .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId)));
    await enqueue(tx, 'mail.poll', { mailboxId }, { jobKey: `mail-poll:${mailboxId}`, runAt: new Date(Date.now() + POLL_SECONDS() * 1000) });
  });
}
