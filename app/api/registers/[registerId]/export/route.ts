import { PassThrough, Readable } from 'node:stream';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { errorDetails } from '@/core/errors';
import { createCaller } from '@/server/routers/_app';
import { PDF_MAX_LINES, registerFileName, registerPages, registerPdf, writeRegisterXlsx } from '@/server/registry/register-documents';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

const query = z.object({
  format: z.enum(['pdf', 'xlsx']), yearBe: z.coerce.number().int(), day: z.string().optional(), text: z.string().optional(), urgency: z.string().optional(),
});

/**
 * GET /api/registers/:id/export?format=pdf|xlsx&yearBe=2569[&day=2026-11-24] — through the same
 * procedures and checks as the screen, page by page (one transaction each). A workbook streams
 * out as it is read, whatever the length; a PDF is laid out off the request thread, up to
 * PDF_MAX_LINES lines.
 */
export async function GET(req: Request, { params }: { params: Promise<{ registerId: string }> }) {
  const { registerId } = await params;
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ messageKey: 'invalid_input' }, { status: 400 });
  const { format, yearBe, day, text, urgency } = parsed.data;
  try {
    const caller = createCaller(await requestContext(req));
    const filters = { registerId, yearBe, day: day || undefined, text: text || undefined, urgency: (urgency || undefined) as never };
    const page = (after: number | undefined, limit = 1000) => caller.registry.entries({ ...filters, cursor: after, limit });
    const me = await caller.me.get();
    // The first page answers the checks (and an error) before anything is sent.
    const first = await page(undefined);
    const options = { agencyName: me.agency.nameTh, thaiDigits: me.agency.settings.thaiDigits, day: day || undefined };
    const name = registerFileName(first, options.day, format);
    const headers = {
      'content-type': format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      // RFC 6266: an ASCII fallback, and the Thai name in UTF-8 for every current browser.
      'content-disposition': `attachment; filename="register-${yearBe}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    };
    const pages = registerPages(async (after) => (after === undefined ? first : page(after)));
    if (format === 'pdf') {
      const entries = [];
      for await (const p of pages) {
        entries.push(...p.entries);
        if (entries.length > PDF_MAX_LINES) return Response.json({ messageKey: 'register_pdf_too_long' }, { status: 400 });
      }
      return new Response(new Uint8Array(await registerPdf({ ...first, entries }, options)), { headers });
    }
    const out = new PassThrough();
    // A download given up (the browser closed or cancelled it) stops the reading of further pages.
    const read = registerPages(async (after) => {
      if (out.destroyed) throw new Error('the download was given up');
      return after === undefined ? first : page(after);
    });
    writeRegisterXlsx(read, options, out).catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
    return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, { headers });
  } catch (error) {
    if (error instanceof TRPCError) {
      const { messageKey, status } = errorDetails(error);
      return Response.json({ messageKey }, { status });
    }
    throw error;
  }
}
