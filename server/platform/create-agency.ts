import { randomUUID } from 'node:crypto';
import { platformPool } from '@/db/client';
import { memberships, platformAuditLog, tenants, units, users } from '@/db/schema';
import { auditRow, insertAuditRows } from '@/server/audit/record-audit';
import { hashPassword } from '@/server/auth/password';
import { AppError } from '@/core/errors';
import { isUniqueViolation } from '@/server/shared/db-errors';
import type { CreateAgencyInput } from './create-agency.schema';

type Operator = { id: string; fullName: string };

/** Provisions an agency with its root unit and first tenant admin, all or nothing. */
export async function createAgency(operator: Operator, input: CreateAgencyInput) {
  const { db } = platformPool();
  const tenantId = randomUUID();
  const rootUnitId = randomUUID();
  const adminId = randomUUID();
  const passwordHash = await hashPassword(input.admin.password);
  try {
    await db.transaction(async (tx) => {
      await tx.insert(tenants).values({
        id: tenantId, code: input.code, nameTh: input.nameTh, nameEn: input.nameEn,
        ministryCode: input.ministryCode, ownerNumber: input.ownerNumber,
        address: input.address, phone: input.phone, email: input.email,
      });
      await tx.insert(units).values({ tenantId, id: rootUnitId, nameTh: input.nameTh, nameEn: input.nameEn });
      await tx.insert(users).values({
        tenantId, id: adminId, username: input.admin.username, fullNameTh: input.admin.fullNameTh,
        position: input.admin.position, email: input.admin.email, passwordHash, mustChangePassword: true,
      });
      await tx.insert(memberships).values({ tenantId, userId: adminId, unitId: rootUnitId, role: 'tenant_admin' });
      await insertAuditRows(tx, [auditRow(tenantId, {
        actor: { kind: 'operator', id: operator.id, name: operator.fullName },
        action: 'agency.created', targetType: 'tenant', targetId: tenantId, data: { code: input.code, adminUsername: input.admin.username },
      })]);
      await tx.insert(platformAuditLog).values({
        actorKind: 'operator', actorId: operator.id, agencyId: tenantId, action: 'agency.created',
        data: { code: input.code, nameTh: input.nameTh },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'tenants_code_key')) throw new AppError('agency_code_taken');
    throw error;
  }
  return { tenantId, rootUnitId, adminId };
}

