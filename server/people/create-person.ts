import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { hashPassword } from '@/server/auth/password';
import { AppError } from '@/core/errors';
import { isUniqueViolation } from '@/server/shared/db-errors';
import type { createPersonInput } from './people.schema';
import { replaceMemberships } from './replace-memberships';

export async function createPerson(tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof createPersonInput>) {
  const id = randomUUID();
  const { password, memberships, ...profile } = input;
  const passwordHash = await hashPassword(password);
  try {
    await tx.insert(users).values({ tenantId, id, ...profile, passwordHash, mustChangePassword: true });
  } catch (error) {
    // The transaction is aborted either way; the caller's rollback follows the error.
    if (isUniqueViolation(error, 'users_username_key')) throw new AppError('username_taken');
    throw error;
  }
  const saved = await replaceMemberships(tx, tenantId, id, memberships);
  await recordAudit(tx, tenantId, {
    actor, action: 'person.created', targetType: 'user', targetId: id,
    data: { ...profile, memberships: saved },
  });
  return { id };
}
