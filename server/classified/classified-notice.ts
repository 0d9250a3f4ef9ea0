import { render, toPlainText } from '@react-email/render';
import { and, eq, isNotNull } from 'drizzle-orm';
import { createElement } from 'react';
import ClassifiedNotice from '@/emails/classified-notice';
import { publicUrl } from '@/core/env';
import { letterKeys, tenants, users } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { sendEmail } from '@/server/mail/send-email';

/**
 * Background job after a classified letter arrived from another agency: each officer it was
 * sealed for is told by e-mail that a letter awaits them on the platform, and nothing more
 * (electronic mail never carries classified content). The outbox keeps the notice without the
 * letter's id, so it tells no one else that a classified letter exists.
 */
export async function sendClassifiedNotice({ tenantId, letterId }: { tenantId: string; letterId: string }) {
  const { agency, officers } = await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const [agency] = await tx.select({ nameTh: tenants.nameTh }).from(tenants).where(eq(tenants.id, tenantId));
    const officers = await tx.select({ id: users.id, name: users.fullNameTh, email: users.email }).from(letterKeys)
      .innerJoin(users, and(eq(users.tenantId, letterKeys.tenantId), eq(users.id, letterKeys.userId)))
      .where(and(eq(letterKeys.tenantId, tenantId), eq(letterKeys.letterId, letterId), isNotNull(letterKeys.userId), eq(users.status, 'active')));
    return { agency, officers };
  });
  for (const officer of officers.filter((o) => o.email)) {
    const html = await render(createElement(ClassifiedNotice, { agencyName: agency?.nameTh ?? '', officerName: officer.name, link: `${publicUrl()}/inbox` }));
    await sendEmail(tenantId, {
      kind: 'classified_notice', fromName: agency?.nameTh ?? '', to: officer.email, subject: 'มีหนังสือรอรับในระบบสารบรรณอิเล็กทรอนิกส์',
      html, text: toPlainText(html), idempotencyKey: `classified-notice:${letterId}:${officer.id}`,
    });
  }
}
