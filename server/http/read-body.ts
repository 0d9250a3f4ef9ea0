/**
 * A request body as text, read only up to `maxBytes`: an announced length over it is
 * refused before a byte is read, and a body that turns out longer is cut off as soon as it
 * passes the limit. Null means "too large".
 */
export async function readTextWithin(req: Request, maxBytes: number): Promise<string | null> {
  return (await readBytesWithin(req, maxBytes))?.toString('utf8') ?? null;
}

/** The same for bytes, of a request or of a response this server fetched. */
export async function readBytesWithin(message: Request | Response, maxBytes: number): Promise<Buffer | null> {
  const announced = Number(message.headers.get('content-length') ?? NaN);
  if (Number.isFinite(announced) && announced > maxBytes) return null;
  if (!message.body) return Buffer.alloc(0);
  const reader = message.body.getReader();
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
  return Buffer.concat(chunks);
}
