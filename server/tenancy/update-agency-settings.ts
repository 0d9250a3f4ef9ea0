import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { tenants } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { email, optionalText } from '@/server/shared/fields';
import { cleanWord, MAX_AGENCY_WORDS } from '@/server/shared/thai-words';

export const updateAgencySettingsInput = z.object({
  address: optionalText(500),
  phone: optionalText(100),
  email,
  thaiDigits: z.boolean(),
  dateStyle: z.enum(['full', 'short']),
  /** Deadlines of the twice-daily inbox check and the agency's holidays; left out, they stay as they are. */
  inboxCheck: z.object({
    morning: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time_format'),
    afternoon: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time_format'),
    holidays: z.array(z.iso.date()).max(100),
  }).refine((c) => c.afternoon > c.morning, { message: 'afternoon_before_morning', path: ['afternoon'] }).optional(),
  /** The agency's own words kept whole at line ends (names, places, terms); left out, they stay as they are. */
  words: z.array(z.string().max(80, 'word_invalid').refine((w) => cleanWord(w) !== null, 'word_invalid')).max(MAX_AGENCY_WORDS, 'too_many_words').optional(),
});

export async function updateAgencySettings(
  tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof updateAgencySettingsInput>,
) {
  const { thaiDigits, dateStyle, inboxCheck, words, ...contact } = input;
  const [current] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  const checks = inboxCheck ? { ...inboxCheck, holidays: [...new Set(inboxCheck.holidays)].sort() } : current?.settings.inboxCheck;
  const ownWords = words ? [...new Set(words.map((w) => cleanWord(w)!))] : current?.settings.words;
  await tx.update(tenants).set({
    ...contact, settings: { ...current?.settings, thaiDigits, dateStyle, ...(checks ? { inboxCheck: checks } : {}), ...(ownWords ? { words: ownWords } : {}) },
  }).where(eq(tenants.id, tenantId));
  await recordAudit(tx, tenantId, { actor, action: 'agency.settings_changed', targetType: 'tenant', targetId: tenantId, data: input });
}
