import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { smtpServers } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { sealSecret } from '@/server/security/secret-box';
import { mailHostAllowed } from './mail-host';
import { SMTP_SECRET } from './send-email';

export const saveSmtpInput = z.object({
  host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$/, 'host_invalid'),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  username: z.string().trim().max(320).default(''),
  /** Left empty to keep the stored one. */
  password: z.string().max(1000).optional(),
  fromAddress: z.email().max(254),
  enabled: z.boolean(),
});

/** The agency's own mail server for letters sent by e-mail, if it has one; never the password. */
export async function getSmtpServer(tx: TenantTx, tenantId: string) {
  const [row] = await tx.select({
    host: smtpServers.host, port: smtpServers.port, secure: smtpServers.secure, username: smtpServers.username, fromAddress: smtpServers.fromAddress,
    enabled: smtpServers.enabled, updatedAt: smtpServers.updatedAt, hasPassword: sql<boolean>`password_sealed is not null`,
  }).from(smtpServers).where(eq(smtpServers.tenantId, tenantId));
  return row ?? null;
}

/** An admin sets the agency's mail server: letters by e-mail then leave through it instead of the platform's provider. */
export async function saveSmtpServer(tx: TenantTx, viewer: Viewer, input: z.infer<typeof saveSmtpInput>) {
  if (!mailHostAllowed(input.host)) throw new AppError('mail_host_not_allowed');
  const tenantId = viewer.tenant.id;
  const { password, ...fields } = input;
  const sealed = password ? { passwordSealed: sealSecret(SMTP_SECRET, password) } : {};
  await tx.insert(smtpServers).values({ tenantId, ...fields, ...sealed })
    .onConflictDoUpdate({ target: smtpServers.tenantId, set: { ...fields, ...sealed, updatedAt: sql`now()`, lastError: null } });
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'smtp.saved', targetType: 'tenant', targetId: tenantId, data: { ...fields, passwordChanged: Boolean(password) } });
  return { ok: true };
}
