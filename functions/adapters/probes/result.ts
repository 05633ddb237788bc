/** Building probe results: one shape for every probe, with a latency clock that runs on any runtime. */
import type { ProbeResult } from '../../core/ports';
import type { ObservationClass } from '../../core/types';

export type FailClass = Exclude<ObservationClass, 'ok'>;

/** A stopwatch on performance.now(), which Node and workerd both have. */
export function stopwatch(now: () => number = () => performance.now()): () => number {
  const started = now();
  return () => Math.round(now() - started);
}

export function pass(latencyMs: number, reason: string): ProbeResult {
  return { ok: true, class: 'ok', latencyMs, reason };
}

export function fail(cls: FailClass, latencyMs: number, reason: string): ProbeResult {
  return { ok: false, class: cls, latencyMs, reason };
}

/** A check this prober cannot run; never a pass. */
export function unsupported(reason: string): ProbeResult {
  return fail('unsupported', 0, reason);
}

/** `host:port` for messages, with IPv6 in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
