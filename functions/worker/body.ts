/**
 * Reads a request body up to a byte limit. A chunked body has no Content-Length to refuse early, so
 * the stream is read with a byte counter and cancelled the moment it passes the limit: memory stays
 * bounded by the limit whatever the client sends.
 */
import { RequestError } from '../core/errors';

const tooLarge = (limit: number) =>
  new RequestError([{ path: 'body', message: `is larger than ${limit} bytes` }]);

/** The body as UTF-8 text; throws RequestError when it has more than `limit` bytes. */
export async function readBodyCapped(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel('body over the limit').catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
