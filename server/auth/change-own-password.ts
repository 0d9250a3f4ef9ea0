import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit } from '@/server/audit/record-audit';
import { newPassword } from './password-strength';
import type { Viewer } from './load-viewer';
import { hashPassword } from './password';

export const changeOwnPasswordInput = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword,
}).refine((v) => v.currentPassword !== v.newPassword, { message: 'same_password', path: ['newPassword'] });

/**
 * A person changes their own password (the current one re-checked by the procedure's
 * step-up before this runs), and every session, this one included, ends.
 */
export async function changeOwnPassword(tx: TenantTx, viewer: Viewer, input: z.infer<typeof changeOwnPasswordInput>) {
  await tx.update(users).set({
    passwordHash: await hashPassword(input.newPassword), updatedAt: new Date(), mustChangePassword: false,
    sessionVersion: sql`${users.sessionVersion} + 1`,
  }).where(and(eq(users.tenantId, viewer.tenant.id), eq(users.id, viewer.user.id)));
  await recordAudit(tx, viewer.tenant.id, {
    actor: { kind: 'user', id: viewer.user.id, name: viewer.user.fullNameTh },
    action: 'person.password_changed', targetType: 'user', targetId: viewer.user.id, data: { username: viewer.user.username },
  });
}
