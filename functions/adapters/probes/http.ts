/** The HTTP(S) probe, on fetch only, so the same code runs on Node, in Lambda and inside workerd. */
import type { HttpProbeSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import { discard, readText } from './body';
import { bodyProblem, wantsBody } from './expect';
import { classifyNetError, netReason } from './net-errors';
import { redFlag } from './red-flags';
import { fail, pass, stopwatch, unsupported } from './result';

/** The part of fetch the probes use. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpTransport {
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** A fetch that connects to `address` for the URL's name (Node only); absent where unsupported. */
  via?: (address: string) => FetchLike;
  now?: () => number;
}

const MAX_REDIRECTS = 5;
const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

function statusOk(status: number, expect: readonly number[]): boolean {
  return expect.length === 0 ? status >= 200 && status < 400 : expect.includes(status);
}

/** The first answer, or the last one after following redirects as the check's policy says. */
async function request(
  spec: HttpProbeSpec,
  signal: AbortSignal,
  transport: HttpTransport,
  elapsed: () => number,
  target: string,
): Promise<Response | ProbeResult> {
  const plain = transport.fetch ?? ((url, init) => fetch(url, init));
  const origin = new URL(spec.url).host;
  let url = spec.url;
  let method: string = spec.method;
  let body = spec.body;
  for (let hop = 0; ; hop++) {
    const direct = spec.address !== undefined && new URL(url).host === origin;
    const send = direct ? transport.via!(spec.address!) : plain;
    const response = await send(url, {
      method,
      headers: spec.headers,
      ...(body !== undefined ? { body } : {}),
      signal,
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || location === null || spec.redirect === 'manual') return response;
    await discard(response);
    if (spec.redirect === 'error') {
      return fail(
        'status',
        elapsed(),
        `redirect (${response.status}) from ${target} to ${location}, redirects not allowed`,
      );
    }
    if (hop >= MAX_REDIRECTS)
      return fail('status', elapsed(), `more than ${MAX_REDIRECTS} redirects from ${target}`);
    url = new URL(location, url).href;
    if (
      response.status === 303 ||
      (response.status !== 307 && response.status !== 308 && method === 'POST')
    ) {
      method = 'GET';
      body = undefined;
    }
  }
}

export async function probeHttp(
  spec: HttpProbeSpec,
  signal: AbortSignal,
  transport: HttpTransport = {},
): Promise<ProbeResult> {
  if (spec.address !== undefined && !transport.via) {
    return unsupported(`this runtime cannot connect to ${spec.address} for ${new URL(spec.url).host}`);
  }
  const elapsed = stopwatch(transport.now);
  const host = new URL(spec.url).host;
  const target = spec.address !== undefined ? `${spec.address} (${host})` : host;
  let response: Response;
  try {
    const answered = await request(spec, signal, transport, elapsed, target);
    if ('class' in answered) return answered;
    response = answered;
  } catch (error) {
    const { class: cls, detail } = classifyNetError(error, signal.aborted);
    return fail(cls, elapsed(), netReason(cls, detail, target, elapsed()));
  }
  const expected = spec.expectStatus.length ? spec.expectStatus.join(' or ') : '2xx/3xx';
  const status = `status ${response.status} from ${target}`;
  let body = '';
  try {
    if (!statusOk(response.status, spec.expectStatus)) {
      const flag = redFlag(await readText(response, 64 * 1024));
      const reason = `${status} in ${elapsed()} ms, expected ${expected}`;
      return flag ? fail('auth', elapsed(), `${flag}: ${reason}`) : fail('status', elapsed(), reason);
    }
    if (wantsBody(spec)) body = await readText(response);
    else await discard(response);
  } catch (error) {
    const { class: cls, detail } = classifyNetError(error, signal.aborted);
    return fail(cls, elapsed(), `${status}, body: ${detail} after ${elapsed()} ms`);
  }
  const latency = elapsed();
  const problem = wantsBody(spec) ? bodyProblem(spec, body) : undefined;
  if (problem) return fail('body', latency, `body ${problem} (${status} in ${latency} ms)`);
  if (spec.maxLatencyMs !== undefined && latency > spec.maxLatencyMs) {
    return fail('latency', latency, `${status} in ${latency} ms, slower than ${spec.maxLatencyMs} ms`);
  }
  return pass(latency, `${status} in ${latency} ms`);
}
