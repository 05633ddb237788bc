/**
 * The OpenID configuration preset, on fetch only: the discovery document must answer 200 with JSON
 * carrying `issuer` and `jwks_uri`; Entra ID error codes (AADSTS...) are named in the reason.
 */
import type { OpenIdProbeSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import { readText } from './body';
import type { FetchLike } from './http';
import { classifyNetError, netReason } from './net-errors';
import { redFlag } from './red-flags';
import { fail, pass, stopwatch } from './result';

const isUrl = (value: unknown) => {
  try {
    return typeof value === 'string' && ['https:', 'http:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

export async function probeOpenId(
  spec: OpenIdProbeSpec,
  signal: AbortSignal,
  fetchFn: FetchLike = (url, init) => fetch(url, init),
  now?: () => number,
): Promise<ProbeResult> {
  const elapsed = stopwatch(now);
  const host = new URL(spec.url).host;
  let status: number;
  let text: string;
  try {
    const response = await fetchFn(spec.url, {
      headers: { accept: 'application/json' },
      signal,
      redirect: 'follow',
    });
    status = response.status;
    text = await readText(response);
  } catch (error) {
    const { class: cls, detail } = classifyNetError(error, signal.aborted);
    return fail(cls, elapsed(), `openid configuration: ${netReason(cls, detail, host, elapsed())}`);
  }
  const latency = elapsed();
  const flag = redFlag(text);
  const where = `openid configuration from ${host}`;
  if (status !== 200) {
    const reason = `${where}: status ${status} in ${latency} ms, expected 200`;
    return flag ? fail('auth', latency, `${flag}: ${reason}`) : fail('status', latency, reason);
  }
  if (flag) return fail('auth', latency, `${flag}: ${where} in ${latency} ms`);
  let document: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    document = parsed as Record<string, unknown>;
  } catch {
    return fail('body', latency, `${where} is not a JSON object (status 200 in ${latency} ms)`);
  }
  const missing = ['issuer', 'jwks_uri'].filter((key) => !isUrl(document[key]));
  if (missing.length > 0) {
    return fail('body', latency, `${where} lacks ${missing.join(' and ')} (status 200 in ${latency} ms)`);
  }
  if (spec.issuer !== undefined && document.issuer !== spec.issuer) {
    return fail('body', latency, `${where}: issuer is ${String(document.issuer)}, expected ${spec.issuer}`);
  }
  return pass(latency, `${where} in ${latency} ms, issuer ${String(document.issuer)}`);
}
