import { randomUUID } from 'node:crypto';
import { render, toPlainText } from '@react-email/render';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { createElement } from 'react';
import { z } from 'zod';
import InboxCheckReminder from '@/emails/inbox-check-reminder';
import { auditLog, inboxChecks, memberships, notifications, tenants, users, waitingLetters } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { sendEmail } from '@/server/mail/send-email';
import { bangkokMoment, complianceReport, inboxCheckSettings, missedSlots } from '@/server/shared/inbox-check';
import { todayInBangkok } from '@/server/shared/letter-date';
import { formatIsoDate, toThaiDigits } from '@/server/shared/thai-date';
import { publicUrl } from '@/core/env';

export const checkReportInput = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month_format') });

/** A registry officer opened the waiting list: that is an inbox check. */
export async function recordInboxCheck(tx: TenantTx, viewer: Viewer) {
  await tx.insert(inboxChecks).values({ tenantId: viewer.tenant.id, id: randomUUID(), userId: viewer.user.id, userName: viewer.user.fullNameTh });
  return { ok: true };
}

/** The month's working days with their morning and afternoon checks (who, when). */
export async function inboxCheckReport(tx: TenantTx, viewer: Viewer, month: string) {
  const from = bangkokMoment(`${month}-01`, '00:00');
  const [y, m] = month.split('-').map(Number) as [number, number];
  const to = bangkokMoment(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`, '00:00');
  const checks = await tx.select({ checkedAt: inboxChecks.checkedAt, userName: inboxChecks.userName }).from(inboxChecks)
    .where(and(eq(inboxChecks.tenantId, viewer.tenant.id), gte(inboxChecks.checkedAt, from), lt(inboxChecks.checkedAt, to)));
  const settings = inboxCheckSettings(viewer.tenant.settings);
  return { month, settings, days: complianceReport(month, checks, settings) };
}

const slotLabel = { morning: 'ช่วงเช้า', afternoon: 'ช่วงบ่าย' } as const;

/**
 * Reminds the registry officers (in-app and by e-mail) of each of today's deadlines that
 * passed with no inbox check; once per deadline. Run every few minutes for every agency.
 */
export async function remindMissedChecks(tenantId: string, now = new Date()) {
  const scope = { tenantId, userId: null, system: true };
  const today = todayInBangkok(now);
  const plan = await runInTenant(scope, async (tx) => {
    const [agency] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!agency) return null;
    const settings = inboxCheckSettings(agency.settings);
    const checks = await tx.select({ checkedAt: inboxChecks.checkedAt }).from(inboxChecks)
      .where(and(eq(inboxChecks.tenantId, tenantId), gte(inboxChecks.checkedAt, bangkokMoment(today, '00:00'))));
    const sent = await tx.select({ targetId: auditLog.targetId }).from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, 'inbox.reminder_sent'), gte(auditLog.occurredAt, bangkokMoment(today, '00:00'))));
    const slots = missedSlots(now, checks, settings).filter((slot) => !sent.some((s) => s.targetId === `${today}:${slot}`));
    if (slots.length === 0) return null;
    const officers = await tx.selectDistinct({ id: users.id, fullNameTh: users.fullNameTh, email: users.email }).from(users)
      .innerJoin(memberships, and(eq(memberships.tenantId, users.tenantId), eq(memberships.userId, users.id)))
      .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active'), eq(memberships.role, 'central_registry_officer')));
    const [waiting] = await tx.select({ n: sql<number>`count(*)::int` }).from(waitingLetters).where(eq(waitingLetters.tenantId, tenantId));
    return { agency, settings, slots, officers, waiting: waiting?.n ?? 0 };
  });
  if (!plan) return [];
  const digits = (s: string) => (plan.agency.settings.thaiDigits ? toThaiDigits(s) : s);
  const link = `${publicUrl()}/inbox`;
  for (const slot of plan.slots) {
    for (const officer of plan.officers.filter((o) => o.email)) {
      const html = await render(createElement(InboxCheckReminder, {
        agencyName: plan.agency.nameTh, officerName: officer.fullNameTh, slotLabel: slotLabel[slot], deadline: digits(`${plan.settings[slot]} น.`),
        date: formatIsoDate(today, { thaiDigits: plan.agency.settings.thaiDigits }), waiting: digits(String(plan.waiting)), link,
      }));
      await sendEmail(tenantId, {
        kind: 'inbox_reminder', fromName: plan.agency.nameTh, to: officer.email, subject: `เตือนตรวจหนังสือเข้า${slotLabel[slot]} ${formatIsoDate(today, { style: 'short', thaiDigits: plan.agency.settings.thaiDigits })}`,
        html, text: toPlainText(html), idempotencyKey: `reminder:${today}:${slot}:${officer.id}`,
      });
    }
  }
  // Marked sent only after the e-mails went (each is idempotent): a crash in between sends nothing twice.
  await runInTenant(scope, async (tx) => {
    const { slots, officers, settings } = plan;
    for (const slot of slots) {
      const title = `ยังไม่มีการตรวจหนังสือเข้า${slotLabel[slot]} (ภายในเวลา ${settings[slot]} น.)`;
      if (officers.length > 0) {
        await tx.insert(notifications).values(officers.map((o) => ({ tenantId, id: randomUUID(), userId: o.id, kind: 'inbox_check_reminder' as const, title })));
      }
      await recordAudit(tx, tenantId, {
        actor: systemActor(), action: 'inbox.reminder_sent', targetType: 'inbox', targetId: `${today}:${slot}`,
        data: { officers: officers.map((o) => o.fullNameTh) },
      });
    }
  });
  return plan.slots;
}

