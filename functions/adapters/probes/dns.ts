/**
 * The DNS resolution probe: asks every resolver at once, judges each answer (rcode, expected values,
 * latency), then passes when enough resolvers pass. Transports are injected per runtime: DNS-over-HTTPS
 * everywhere, plain UDP/TCP on Node only.
 */
import type { DnsProbeSpec, ResolverSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import { canonicalIPv6, DnsFormatError, type DnsMessage, decodeMessage, encodeQuery } from './dns-wire';
import { classifyNetError, netReason } from './net-errors';
import { fail, pass, stopwatch, unsupported } from './result';

/** Sends one query to one resolver and returns the raw answer. Must honour `signal`. */
export type DnsExchange = (
  resolver: ResolverSpec,
  query: Uint8Array,
  signal: AbortSignal,
) => Promise<Uint8Array>;

export interface DnsTransports {
  doh?: DnsExchange;
  udp?: DnsExchange;
  tcp?: DnsExchange;
  now?: () => number;
}

/** A DNS-over-HTTPS endpoint answered with something other than 200 and a DNS message. */
export class DohStatusError extends Error {
  override name = 'DohStatusError';
  constructor(readonly status: number) {
    super(`status ${status}`);
  }
}

const canonical = (spec: DnsProbeSpec, value: string) =>
  spec.recordType === 'AAAA' ? canonicalIPv6(value) : value;

function judge(spec: DnsProbeSpec, label: string, message: DnsMessage, latency: number): ProbeResult {
  const what = `${spec.name} ${spec.recordType}`;
  if (message.rcode !== spec.rcode) {
    return fail(
      'dns',
      latency,
      `${message.rcode} from ${label} for ${what} in ${latency} ms, expected ${spec.rcode}`,
    );
  }
  const values = message.answers
    .filter((a) => a.type === spec.recordType)
    .map((a) => canonical(spec, a.data));
  if (spec.rcode === 'NOERROR' && values.length === 0) {
    return fail(
      'dns',
      latency,
      `no ${spec.recordType} answer from ${label} for ${spec.name} (NOERROR) in ${latency} ms`,
    );
  }
  const missing = spec.expect.filter((v) => !values.includes(canonical(spec, v)));
  const shown = values.length > 0 ? values.join(', ') : message.rcode;
  if (missing.length > 0) {
    return fail('dns', latency, `${what} is ${shown} from ${label}, expected ${missing.join(', ')}`);
  }
  if (spec.maxLatencyMs !== undefined && latency > spec.maxLatencyMs) {
    return fail(
      'latency',
      latency,
      `${label} answered ${what} in ${latency} ms, slower than ${spec.maxLatencyMs} ms`,
    );
  }
  return pass(latency, `${what} = ${shown} from ${label} in ${latency} ms`);
}

async function ask(
  spec: DnsProbeSpec,
  resolver: ResolverSpec,
  signal: AbortSignal,
  transports: DnsTransports,
  budgetMs: number,
): Promise<ProbeResult> {
  const exchange = transports[resolver.kind];
  if (!exchange)
    return unsupported(`plain DNS over ${resolver.kind} to ${resolver.label} needs the Node prober`);
  const elapsed = stopwatch(transports.now);
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort);
  const timer = setTimeout(abort, budgetMs);
  try {
    const id = resolver.kind === 'doh' ? 0 : Math.floor(Math.random() * 0xffff);
    const query = encodeQuery(spec.name, spec.recordType, id);
    let message = decodeMessage(await exchange(resolver, query, controller.signal));
    if (message.truncated && resolver.kind === 'udp' && transports.tcp) {
      message = decodeMessage(await transports.tcp({ ...resolver, kind: 'tcp' }, query, controller.signal));
    }
    return judge(spec, resolver.label, message, elapsed());
  } catch (error) {
    const latency = elapsed();
    if (controller.signal.aborted)
      return fail('timeout', latency, `no answer from ${resolver.label} within ${latency} ms`);
    if (error instanceof DnsFormatError)
      return fail('dns', latency, `malformed answer from ${resolver.label}: ${error.message}`);
    if (error instanceof DohStatusError) {
      return fail(
        'status',
        latency,
        `status ${error.status} from ${resolver.label} in ${latency} ms, expected 200`,
      );
    }
    const { class: cls, detail } = classifyNetError(error, false);
    return fail(cls, latency, netReason(cls, detail, resolver.label, latency));
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}

function mostCommon(results: readonly ProbeResult[]): ProbeResult['class'] {
  const counts = new Map<ProbeResult['class'], number>();
  for (const r of results) counts.set(r.class, (counts.get(r.class) ?? 0) + 1);
  return [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

export async function probeDns(
  spec: DnsProbeSpec,
  signal: AbortSignal,
  timeoutMs: number,
  transports: DnsTransports,
): Promise<ProbeResult> {
  // Each resolver gets most of the timeout, so one silent resolver cannot sink the others' answers.
  const budget = Math.max(1, Math.floor(timeoutMs * 0.8));
  const results = await Promise.all(spec.resolvers.map((r) => ask(spec, r, signal, transports, budget)));
  if (results.length === 1) return results[0]!;
  const n = results.length;
  const needed = spec.require === 'all' ? n : spec.require === 'any' ? 1 : Math.floor(n / 2) + 1;
  const passed = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  const latency = Math.max(...results.map((r) => r.latencyMs));
  if (passed.length >= needed) {
    const failures = failed.length > 0 ? `; ${failed.map((r) => r.reason).join('; ')}` : '';
    return pass(latency, `${passed.length} of ${n} resolvers agree: ${passed[0]!.reason}${failures}`);
  }
  return fail(
    mostCommon(failed) as Exclude<ProbeResult['class'], 'ok'>,
    latency,
    `${failed.length} of ${n} resolvers failed for ${spec.name} ${spec.recordType}: ${failed.map((r) => r.reason).join('; ')}`,
  );
}
