/**
 * Bearer-token check of the API routes against the TWINPLANE_API_TOKEN secret. Both sides are hashed
 * first so the comparison always covers 32 bytes, then compared in constant time.
 */
import { type ApiResult, fail } from './http';

const encoder = new TextEncoder();
const digest = async (text: string) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const subtle = crypto.subtle as SubtleCrypto & {
    timingSafeEqual?: (a: ArrayBufferView, b: ArrayBufferView) => boolean;
  };
  if (typeof subtle.timingSafeEqual === 'function') return subtle.timingSafeEqual(a, b);
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b[i] ?? 0);
  return difference === 0;
}

/** Undefined when the request may proceed; otherwise the answer to give. */
export async function authorize(
  header: string | null,
  expected: string | undefined,
): Promise<ApiResult | undefined> {
  if (!expected)
    return fail(503, {
      type: 'ConfigError',
      message: 'the Worker has no TWINPLANE_API_TOKEN secret; set one to use the API',
      issues: [
        { path: 'TWINPLANE_API_TOKEN', message: 'set it with wrangler secret put TWINPLANE_API_TOKEN' },
      ],
    });
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match)
    return fail(401, {
      type: 'AuthError',
      message: 'missing bearer token: send Authorization: Bearer <TWINPLANE_API_TOKEN>',
    });
  const [given, wanted] = await Promise.all([digest(match[1]!), digest(expected)]);
  return constantTimeEqual(given, wanted)
    ? undefined
    : fail(401, { type: 'AuthError', message: 'invalid bearer token' });
}
