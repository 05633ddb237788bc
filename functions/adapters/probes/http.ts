/** The HTTP(S) probe, on fetch only, so the same code runs on Node, in Lambda and inside workerd. */
import type { HttpProbeSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import type { ObservationClass } from '../../core/types';

const CONNECT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
]);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENODATA']);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Classifies a fetch failure by the error codes Node (undici) and workerd put on it. */
export function classifyFetchError(
  error: unknown,
  aborted: boolean,
): { class: ObservationClass; detail: string } {
  if (aborted) return { class: 'timeout', detail: 'timed out' };
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  if (code && CONNECT.has(code)) return { class: 'connect', detail: `connection failed (${code})` };
  if (code && DNS.has(code)) return { class: 'dns', detail: `name did not resolve (${code})` };
  if (code && TIMEOUT.has(code)) return { class: 'timeout', detail: `timed out (${code})` };
  if ((code && /CERT|SSL|TLS/.test(code)) || /certificate|ssl|tls/i.test(message)) {
    return { class: 'tls', detail: `TLS failed (${code ?? message})` };
  }
  return { class: 'connect', detail: message };
}

function statusOk(status: number, expect: readonly number[]): boolean {
  return expect.length === 0 ? status >= 200 && status < 400 : expect.includes(status);
}

export async function probeHttp(
  spec: HttpProbeSpec,
  signal: AbortSignal,
  now: () => number = () => performance.now(),
): Promise<ProbeResult> {
  const started = now();
  const target = new URL(spec.url).host;
  const elapsed = () => Math.round(now() - started);
  let response: Response;
  try {
    response = await fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      signal,
      redirect: 'manual',
    });
  } catch (error) {
    const { class: cls, detail } = classifyFetchError(error, signal.aborted);
    return {
      ok: false,
      class: cls,
      latencyMs: elapsed(),
      reason: `${detail} to ${target} after ${elapsed()} ms`,
    };
  }
  const expected = spec.expectStatus.length ? spec.expectStatus.join(' or ') : '2xx/3xx';
  if (!statusOk(response.status, spec.expectStatus)) {
    await response.body?.cancel().catch(() => {});
    return {
      ok: false,
      class: 'status',
      latencyMs: elapsed(),
      reason: `status ${response.status} from ${target} in ${elapsed()} ms, expected ${expected}`,
    };
  }
  if (spec.bodyContains !== undefined) {
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      const { class: cls, detail } = classifyFetchError(error, signal.aborted);
      return { ok: false, class: cls, latencyMs: elapsed(), reason: `body from ${target}: ${detail}` };
    }
    if (!body.includes(spec.bodyContains)) {
      return {
        ok: false,
        class: 'body',
        latencyMs: elapsed(),
        reason: `body from ${target} does not contain "${spec.bodyContains}" (status ${response.status})`,
      };
    }
  } else {
    await response.body?.cancel().catch(() => {});
  }
  return {
    ok: true,
    class: 'ok',
    latencyMs: elapsed(),
    reason: `status ${response.status} from ${target} in ${elapsed()} ms`,
  };
}
