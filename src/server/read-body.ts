/**
 * A request body as text, refused (null) as soon as it is known to exceed `limit` bytes —
 * declared in Content-Length or counted as it streams. A client that goes away mid-body leaves
 * nothing to read (`''`).
 */
export async function readBodyText(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get('Content-Length')) > limit) return null;
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return '';
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
