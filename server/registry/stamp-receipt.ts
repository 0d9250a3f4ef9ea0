import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import { letterFiles, registerEntries, tenants } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { stampFirstPage } from '@/server/documents/receipt-stamp';
import { formatDate, formatTime, toThaiDigits } from '@/server/shared/thai-date';
import { readObject, writeObject } from '@/server/storage/s3';


/**
 * Background job after ลงรับ: draws the receipt stamp (agency, เลขรับ, วันที่, เวลา) on the
 * first page of the letter's first file and keeps it as a new version ("stamped"); the
 * original stays unchanged. Idempotent: a registration is stamped once, and a retry
 * after a crash writes the same object again.
 */
export async function stampReceipt({ tenantId, letterId }: { tenantId: string; letterId: string }) {
  const scope = { tenantId, userId: null, system: true };
  const work = await runInTenant(scope, async (tx) => {
    const [entry] = await tx.select().from(registerEntries)
      .where(and(eq(registerEntries.tenantId, tenantId), eq(registerEntries.letterId, letterId), isNull(registerEntries.cancelledAt)));
    if (!entry) return null; // cancelled before the job ran: nothing to stamp
    const files = await tx.select().from(letterFiles)
      .where(and(eq(letterFiles.tenantId, tenantId), eq(letterFiles.letterId, letterId)))
      .orderBy(asc(letterFiles.createdAt), asc(letterFiles.fileName));
    const original = files.find((f) => f.kind === 'original');
    if (!original) return null; // no scan or attachment: the stamp is the register line itself
    if (original.sealed) return null; // ciphertext: its reader's browser draws the receipt with the viewer's mark
    const stamped = await tx.select({ id: letterFiles.id }).from(letterFiles)
      .where(and(eq(letterFiles.tenantId, tenantId), eq(letterFiles.letterId, letterId), eq(letterFiles.kind, 'stamped'),
        gt(letterFiles.createdAt, entry.registeredAt)))
      .orderBy(desc(letterFiles.createdAt)).limit(1);
    if (stamped.length > 0) return null;
    const [agency] = await tx.select({ nameTh: tenants.nameTh, settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
    return { entry, original, agency: agency! };
  });
  if (!work) return;
  const { entry, original, agency } = work;
  const thaiDigits = agency.settings.thaiDigits;
  const digits = (s: string) => (thaiDigits ? toThaiDigits(s) : s);
  const date = formatDate(entry.registeredAt, { style: 'short', thaiDigits });
  const time = formatTime(entry.registeredAt, { thaiDigits });
  const pdf = await stampFirstPage(await readObject(original.objectKey), original.contentType, {
    agencyName: agency.nameTh, number: digits(String(entry.number)), date, time,
  });
  const key = `tenants/${tenantId}/letters/${letterId}/stamped-${entry.registerId}-${entry.year}-${entry.number}.pdf`;
  const stored = await writeObject(key, pdf, 'application/pdf');
  const fileName = `${original.fileName.replace(/\.[^.]+$/, '')}-ตรารับ.pdf`;
  await runInTenant(scope, async (tx) => {
    const id = randomUUID();
    await tx.insert(letterFiles).values({ tenantId, id, letterId, kind: 'stamped', fileName, contentType: 'application/pdf', ...stored });
    await recordAudit(tx, tenantId, {
      actor: systemActor(), action: 'letter.stamped', targetType: 'letter', targetId: letterId,
      data: { fileId: id, sourceFileId: original.id, sha256: stored.sha256, number: entry.number },
    });
  });
}
