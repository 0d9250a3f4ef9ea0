import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { tenants } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { email, optionalText } from '@/server/shared/fields';

export const updateAgencySettingsInput = z.object({
  address: optionalText(500),
  phone: optionalText(100),
  email,
  thaiDigits: z.boolean(),
  dateStyle: z.enum(['full', 'short']),
});

export async function updateAgencySettings(
  tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof updateAgencySettingsInput>,
) {
  const { thaiDigits, dateStyle, ...contact } = input;
  await tx.update(tenants).set({ ...contact, settings: { thaiDigits, dateStyle } }).where(eq(tenants.id, tenantId));
  await recordAudit(tx, tenantId, { actor, action: 'agency.settings_changed', targetType: 'tenant', targetId: tenantId, data: input });
}
