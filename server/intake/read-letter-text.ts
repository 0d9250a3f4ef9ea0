import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { letterFiles, letterTexts } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { readScanText } from '@/server/documents/ocr';
import { readLetterData } from '@/server/letters/letter-data';
import { readObject } from '@/server/storage/s3';

/**
 * Background job after a scan or attachment is received: reads its text for search, from
 * the letter data a PDF/A-3 letter carries (its exact text) or else with Thai OCR.
 * Idempotent: a file that already has a text (read or corrected) is skipped. A file whose
 * data marks it classified gets an empty text: it is never indexed.
 */
export async function readLetterText({ tenantId, letterId, fileId }: { tenantId: string; letterId: string; fileId: string }) {
  const scope = { tenantId, userId: null, system: true };
  const file = await runInTenant(scope, async (tx) => {
    const [done] = await tx.select({ id: letterTexts.id }).from(letterTexts)
      .where(and(eq(letterTexts.tenantId, tenantId), eq(letterTexts.fileId, fileId))).limit(1);
    if (done) return null;
    const [row] = await tx.select().from(letterFiles)
      .where(and(eq(letterFiles.tenantId, tenantId), eq(letterFiles.id, fileId), eq(letterFiles.letterId, letterId)));
    return row ?? null;
  });
  if (!file) return;
  const bytes = await readObject(file.objectKey);
  const data = file.contentType === 'application/pdf' ? await readLetterData(bytes) : null;
  const reading = data
    ? { source: 'embedded' as const, text: data.secrecy === 'normal' ? data.text : '' }
    : { source: 'ocr' as const, text: await readScanText(bytes, file.contentType) };
  await runInTenant(scope, async (tx) => {
    await tx.insert(letterTexts).values({ tenantId, id: randomUUID(), letterId, fileId, ...reading });
  });
}
