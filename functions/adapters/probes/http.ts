/** The HTTP(S) probe, on fetch only, so the same code runs on Node, in Lambda and inside workerd. */
import type { HttpProbeSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import { discard, readText } from './body';
import { bodyProblem, wantsBody } from './expect';
import { classifyNetError, netReason } from './net-errors';
import { redFlag } from './red-flags';
import { type HttpTransport, send } from './redirects';
import { fail, pass, stopwatch, unsupported } from './result';

export type { FetchLike, HttpTransport } from './redirects';

function statusOk(status: number, expect: readonly number[]): boolean {
  return expect.length === 0 ? status >= 200 && status < 400 : expect.includes(status);
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
  let from: string;
  try {
    const answered = await send(spec, signal, transport, elapsed, target);
    if ('class' in answered) return answered;
    ({ response, from } = answered);
  } catch (error) {
    const { class: cls, detail } = classifyNetError(error, signal.aborted);
    return fail(cls, elapsed(), netReason(cls, detail, target, elapsed()));
  }
  const expected = spec.expectStatus.length ? spec.expectStatus.join(' or ') : '2xx/3xx';
  const status = `status ${response.status} from ${from}`;
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
