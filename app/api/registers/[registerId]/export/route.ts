import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { errorDetails } from '@/core/errors';
import { createCaller } from '@/server/routers/_app';
import { registerFileName, registerPdf, registerXlsx } from '@/server/registry/register-documents';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

const query = z.object({
  format: z.enum(['pdf', 'xlsx']), yearBe: z.coerce.number().int(), day: z.string().optional(), text: z.string().optional(), urgency: z.string().optional(),
});

/** GET /api/registers/:id/export?format=pdf|xlsx&yearBe=2569[&day=2026-11-24] — through the same procedures and checks as the screen. */
export async function GET(req: Request, { params }: { params: Promise<{ registerId: string }> }) {
  const { registerId } = await params;
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ messageKey: 'invalid_input' }, { status: 400 });
  const { format, yearBe, day, text, urgency } = parsed.data;
  try {
    const caller = createCaller(await requestContext(req));
    const [me, listing] = await Promise.all([caller.me.get(), caller.registry.entries({ registerId, yearBe, day: day || undefined, text: text || undefined, urgency: (urgency || undefined) as never })]);
    const options = { agencyName: me.agency.nameTh, thaiDigits: me.agency.settings.thaiDigits, day: day || undefined };
    const body = format === 'pdf' ? registerPdf(listing, options) : await registerXlsx(listing, options);
    const name = registerFileName(listing, options.day, format);
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': format === 'pdf' ? 'application/pdf'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        // RFC 6266: an ASCII fallback, and the Thai name in UTF-8 for every current browser.
        'content-disposition': `attachment; filename="register-${yearBe}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof TRPCError) {
      const { messageKey, status } = errorDetails(error);
      return Response.json({ messageKey }, { status });
    }
    throw error;
  }
}
