/**
 * Runs a plane's tick path once, at start, on in-memory providers and store: a few of the config's own
 * records are created, ticked in steady state and failed over. V8 compiles a function on its first
 * call and its first runs fill the inline caches, which on the first tick of a fresh Worker isolate
 * cost several times the tick's own work; done at start, that cost falls in the isolate's start-up
 * (which Cloudflare limits apart, to 1 s) instead of in the first scheduled tick's CPU time. Nothing
 * outside the in-memory objects made here is read or written: no provider, store, peer or prober of
 * the plane, no timer, no I/O. The core's memo tables it fills are pure functions of the specs.
 */
import type { CheckSpec, Config } from '../../core/config/model';
import type { TickOptions } from '../../core/deps';
import type { Clock, DnsProvider, ProbeResult, Prober } from '../../core/ports';
import { runTick } from '../../core/tick';
import { type PlaneId, PROVIDERS, type ProviderName } from '../../core/types';
import { MemoryDnsProvider } from './dns';
import { MemoryStateStore } from './store';

/** Records of the config primed: enough for every path of a pass, few enough to cost a few ms. */
export const PRIME_RECORDS = 4;

/**
 * An abort controller that needs no runtime: a Worker's start-up refuses to construct AbortController,
 * and all that reads these signals (the in-memory prober ignores them) is StillClock's sleep, which
 * reads `aborted` and listens for `abort`.
 */
class PlainController {
  readonly signal = {
    aborted: false,
    listeners: [] as (() => void)[],
    addEventListener(_type: 'abort', listener: () => void) {
      this.listeners.push(listener);
    },
  };
  abort() {
    if (this.signal.aborted) return;
    this.signal.aborted = true;
    for (const listener of this.signal.listeners.splice(0)) listener();
  }
}

/**
 * A clock that moves only when told to; a sleep ends only when its signal aborts (a deadline won). Its
 * deadlines' controllers are plain ones (see PlainController).
 */
class StillClock implements Clock {
  constructor(private t: number) {}
  now() {
    return this.t;
  }
  advance(ms: number) {
    this.t += ms;
  }
  controller(): AbortController {
    return new PlainController() as unknown as AbortController;
  }
  sleep(_ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) resolve();
      else signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}

/** Every check answers at once: up, unless it is one of the `down` ones. */
class AnsweringProber implements Prober {
  down = new Set<string>();
  async probe(check: CheckSpec): Promise<ProbeResult> {
    return this.down.has(check.name)
      ? { ok: false, class: 'status', latencyMs: 1, reason: 'primed down' }
      : { ok: true, class: 'ok', latencyMs: 1, reason: 'primed up' };
  }
}

export interface Primed {
  ticks: number;
  /** Transitions the priming ticks made (a failover of each primed record with a second pool). */
  transitions: number;
}

/**
 * The config the priming runs: the first records, only their checks (each flipping on one probe), this
 * plane as leader (so it applies), no notification, no dry run.
 */
export function primingConfig(config: Config, plane: PlaneId, records = PRIME_RECORDS): Config {
  const picked = config.records.slice(0, records);
  const checks: Record<string, CheckSpec> = {};
  for (const record of picked)
    for (const pool of record.pools)
      for (const name of pool.checks) {
        const check = config.checks[name];
        if (check) checks[name] = { ...check, planes: [plane], failureThreshold: 1, successThreshold: 1 };
      }
  return {
    ...config,
    planes: { ...config.planes, leader: plane },
    checks,
    records: picked,
    notify: [],
    safety: { ...config.safety, dryRun: false },
  };
}

/**
 * Creates the primed records, ticks them once more unchanged, then fails their first pools and ticks
 * again. Never throws: a failure only means less was compiled ahead.
 */
export async function primeTickPath(
  config: Config,
  plane: PlaneId,
  options: TickOptions = {},
  start = Date.UTC(2026, 0, 1),
): Promise<Primed> {
  let ticks = 0;
  let transitions = 0;
  try {
    const primed = primingConfig(config, plane);
    const providers: Partial<Record<ProviderName, DnsProvider>> = {};
    for (const name of PROVIDERS)
      if (primed.records.some((r) => r.providers.includes(name)))
        providers[name] = new MemoryDnsProvider({ name });
    const clock = new StillClock(start);
    const prober = new AnsweringProber();
    const deps = { config: primed, plane, store: new MemoryStateStore(), providers, prober, clock };
    // Far enough apart that every check falls due again, whatever its interval.
    const apart = Math.max(60_000, ...Object.values(primed.checks).map((c) => c.intervalMs)) + 1;
    const tick = async () => {
      const report = await runTick(deps, { ...options, probeWindowMs: 0, dryRun: false });
      ticks++;
      for (const e of report.events) if (e.type === 'transition') transitions++;
      clock.advance(apart);
    };
    await tick();
    await tick();
    for (const record of primed.records) {
      const first = record.pools[0];
      if (record.pools.length > 1 && first) for (const name of first.checks) prober.down.add(name);
    }
    // A check shared with a later pool stays up, so that pool can take over.
    for (const record of primed.records)
      for (const pool of record.pools.slice(1)) for (const name of pool.checks) prober.down.delete(name);
    await tick();
  } catch {
    // Priming is an optimisation: whatever it could not run compiles on the first real tick instead.
  }
  return { ticks, transitions };
}
