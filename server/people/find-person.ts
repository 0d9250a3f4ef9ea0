import { and, eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';

export async function findPersonOrThrow(tx: TenantTx, tenantId: string, userId: string) {
  const [user] = await tx.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).limit(1);
  if (!user) throw new AppError('not_found');
  return user;
}
