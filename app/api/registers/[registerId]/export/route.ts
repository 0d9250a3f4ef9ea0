import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { AppError, errorDetails } from '@/core/errors';
import { createCaller } from '@/server/routers/_app';
import { PDF_MAX_LINES, registerFileName, registerPages, writeRegisterPdf, writeRegisterXlsx } from '@/server/registry/register-documents';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

const query = z.object({
  format: z.enum(['pdf', 'xlsx']), yearBe: z.coerce.number().int(), day: z.string().optional(), until: z.string().optional(), text: z.string().optional(), urgency: z.string().optional(),
});

/**
 * GET /api/registers/:id/export?format=pdf|xlsx&yearBe=2569[&day=2026-11-24] — through the same
 * procedures and checks as the screen, page by page (one transaction each). A workbook streams
 * out as it is read, whatever the length; a PDF is laid out on a thread of its own, up to
 * PDF_MAX_LINES lines (a longer one is made by an export job: registry.startExport).
 */
export async function GET(req: Request, { params }: { params: Promise<{ registerId: string }> }) {
  const { registerId } = await params;
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ messageKey: 'invalid_input' }, { status: 400 });
  const { format, yearBe, day, until, text, urgency } = parsed.data;
  try {
    const caller = createCaller(await requestContext(req));
    const filters = { registerId, yearBe, day: day || undefined, until: until || undefined, text: text || undefined, urgency: (urgency || undefined) as never };
    const page = (after: number | undefined, limit = 1000) => caller.registry.entries({ ...filters, cursor: after, limit });
    const me = await caller.me.get();
    // The first page answers the checks (and an error) before anything is sent.
    const first = await page(undefined);
    const options = { agencyName: me.agency.nameTh, thaiDigits: me.agency.settings.thaiDigits, day: day || undefined, until: until || undefined, words: me.agency.settings.words ?? [] };
    const name = registerFileName(first, options.day, format, options.until);
    const headers = {
      'content-type': format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      // RFC 6266: an ASCII fallback, and the Thai name in UTF-8 for every current browser.
      'content-disposition': `attachment; filename="register-${yearBe}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    };
    const out = new PassThrough();
    // Each page is read as it is needed; a download given up (the browser closed or cancelled it)
    // stops the reading, and a PDF longer than PDF_MAX_LINES stops it too (it is made as an export).
    let lines = 0;
    const pages = registerPages(async (after) => {
      if (out.destroyed) throw new Error('the download was given up');
      const listing = after === undefined ? first : await page(after);
      lines += listing.entries.length;
      if (format === 'pdf' && lines > PDF_MAX_LINES) throw new AppError('register_pdf_too_long');
      return listing;
    });
    if (format === 'xlsx') {
      writeRegisterXlsx(pages, options, out).catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
      return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, { headers });
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'saraban-register-'));
    try {
      const file = path.join(dir, 'register.pdf');
      await writeRegisterPdf(pages, options, file);
      return new Response(new Uint8Array(await readFile(file)), { headers });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } catch (error) {
    if (error instanceof TRPCError) {
      const { messageKey, status } = errorDetails(error);
      return Response.json({ messageKey }, { status });
    }
    throw error;
  }
}
