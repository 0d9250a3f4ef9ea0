/**
 * A request body as text, read only up to `maxBytes`: an announced length over it is
 * refused before a byte is read, and a body that turns out longer is cut off as soon as it
 * passes the limit. Null means "too large".
 */
export async function readTextWithin(req: Request, maxBytes: number): Promise<string | null> {
  const announced = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(announced) && announced > maxBytes) return null;
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
