/**
 * Runs due checks with bounded concurrency under a per-round deadline, so hanging targets cost one
 * timeout, not N of them. Each probe gets its own AbortSignal; a probe that overruns is recorded as a
 * timeout even if the prober ignores the signal.
 */
import type { CheckSpec } from './config/model';
import { errorMessage } from './errors';
import type { Clock, Prober } from './ports';
import type { Observation, VantageView } from './types';

/** Checks whose interval has elapsed since the vantage last probed them (with a little slack). */
export function dueChecks(
  checks: Record<string, CheckSpec>,
  view: VantageView | undefined,
  now: number,
): CheckSpec[] {
  return Object.values(checks).filter((check) => {
    const last = view?.checks[check.name]?.last?.at;
    if (last === undefined) return true;
    const slack = Math.min(1_000, check.intervalMs / 10);
    return now >= last + check.intervalMs - slack;
  });
}

export interface ProbeRunOptions {
  concurrency: number;
  /** Absolute time (ms) by which every probe must have settled. */
  deadline: number;
}

async function probeOne(
  check: CheckSpec,
  prober: Prober,
  clock: Clock,
  deadline: number,
): Promise<Observation> {
  const started = clock.now();
  const budget = Math.max(0, Math.min(check.timeoutMs, deadline - started));
  const controller = new AbortController();
  const timedOut = Symbol('timeout');
  const stopTimer = new AbortController();
  const timer = clock.sleep(budget, stopTimer.signal).then(() => timedOut);
  try {
    const result = await Promise.race([prober.probe(check, controller.signal), timer]);
    if (typeof result === 'symbol') {
      controller.abort();
      return {
        check: check.name,
        ok: false,
        class: 'timeout',
        latencyMs: budget,
        reason: `no answer within ${budget} ms`,
        at: started,
      };
    }
    return { ...result, check: check.name, at: started };
  } catch (error) {
    return {
      check: check.name,
      ok: false,
      class: 'error',
      latencyMs: clock.now() - started,
      reason: `probe failed: ${errorMessage(error)}`,
      at: started,
    };
  } finally {
    stopTimer.abort();
  }
}

export async function runProbes(
  checks: readonly CheckSpec[],
  prober: Prober,
  clock: Clock,
  options: ProbeRunOptions,
): Promise<Observation[]> {
  const results: Observation[] = [];
  let next = 0;
  const worker = async () => {
    while (next < checks.length) {
      const check = checks[next++]!;
      if (clock.now() >= options.deadline) continue;
      results.push(await probeOne(check, prober, clock, options.deadline));
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, checks.length)) }, worker);
  await Promise.all(workers);
  return results.sort((a, b) => a.check.localeCompare(b.check));
}
