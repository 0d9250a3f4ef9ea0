import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { mailboxes } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { mailHostAllowed } from '@/server/mail/mail-host';
import { enqueue } from '@/server/queue/enqueue';
import { sealSecret } from '@/server/security/secret-box';
import { findUnitOrThrow } from '@/server/units/find-unit';

export const MAILBOX_SECRET = 'mailbox-password';

export const saveMailboxInput = z.object({
  id: z.uuid().optional(),
  unitId: z.uuid(),
  host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$/, 'host_invalid'),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean(),
  username: z.string().trim().min(1).max(320),
  /** Required for a new mailbox; left empty to keep the stored one. */
  password: z.string().max(1000).optional(),
  folder: z.string().trim().min(1).max(200).default('INBOX'),
  enabled: z.boolean(),
});

export const mailboxIdInput = z.object({ mailboxId: z.uuid() });

/** The agency's mailboxes with their polling state; never the password. */
export async function listMailboxes(tx: TenantTx, tenantId: string) {
  return tx.select({
    id: mailboxes.id, unitId: mailboxes.unitId, host: mailboxes.host, port: mailboxes.port, tls: mailboxes.tls, username: mailboxes.username,
    folder: mailboxes.folder, enabled: mailboxes.enabled, lastPolledAt: mailboxes.lastPolledAt, lastError: mailboxes.lastError, lastUid: mailboxes.lastUid,
  }).from(mailboxes).where(eq(mailboxes.tenantId, tenantId)).orderBy(asc(mailboxes.createdAt));
}

/** An admin adds or changes a mailbox; it is polled at once, then every MAIL_POLL_SECONDS. */
export async function saveMailbox(tx: TenantTx, viewer: Viewer, input: z.infer<typeof saveMailboxInput>) {
  if (!mailHostAllowed(input.host)) throw new AppError('mail_host_not_allowed');
  const tenantId = viewer.tenant.id;
  await findUnitOrThrow(tx, tenantId, input.unitId);
  const fields = { unitId: input.unitId, host: input.host, port: input.port, tls: input.tls, username: input.username, folder: input.folder, enabled: input.enabled };
  let id = input.id;
  if (id) {
    const changed = await tx.update(mailboxes).set({
      ...fields, ...(input.password ? { passwordEncrypted: sealSecret(MAILBOX_SECRET, input.password) } : {}), lastError: null,
    }).where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, id))).returning({ id: mailboxes.id });
    if (changed.length === 0) throw new AppError('not_found');
  } else {
    if (!input.password) throw new AppError('invalid_input');
    id = randomUUID();
    await tx.insert(mailboxes).values({ tenantId, id, ...fields, passwordEncrypted: sealSecret(MAILBOX_SECRET, input.password) });
  }
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: input.id ? 'mailbox.updated' : 'mailbox.created', targetType: 'mailbox', targetId: id,
    data: { ...fields, passwordChanged: Boolean(input.password) },
  });
  if (input.enabled) await enqueue(tx, 'mail.poll', { mailboxId: id }, { jobKey: `mail-poll:${id}` });
  return { id };
}

/** Polls a mailbox now (instead of waiting for its next turn). */
export async function pollMailboxNow(tx: TenantTx, tenantId: string, mailboxId: string) {
  const [box] = await tx.select({ id: mailboxes.id }).from(mailboxes).where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId)));
  if (!box) throw new AppError('not_found');
  await enqueue(tx, 'mail.poll', { mailboxId }, { jobKey: `mail-poll:${mailboxId}` });
  return { ok: true };
}
