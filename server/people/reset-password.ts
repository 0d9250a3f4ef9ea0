import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { hashPassword } from '@/server/auth/password';
import { findPersonOrThrow } from './find-person';
import type { resetPasswordInput } from './people.schema';

/** Sets a new password, which the person must change at their next sign-in (the admin knows it), and ends their existing sessions. */
export async function resetPassword(tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof resetPasswordInput>) {
  const person = await findPersonOrThrow(tx, tenantId, input.userId);
  await tx.update(users).set({
    passwordHash: await hashPassword(input.password), updatedAt: new Date(), mustChangePassword: true,
    sessionVersion: sql`${users.sessionVersion} + 1`,
  }).where(and(eq(users.tenantId, tenantId), eq(users.id, person.id)));
  await recordAudit(tx, tenantId, {
    actor, action: 'person.password_reset', targetType: 'user', targetId: person.id, data: { username: person.username },
  });
  return { id: person.id };
}
