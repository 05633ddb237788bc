/** Test doubles shared by the suites: a virtual clock, a scripted prober and a config builder. */
import type { CheckSpec, Config } from '../../functions/core/config/model';
import { parseConfig } from '../../functions/core/config/validate';
import type { Clock, ProbeResult, Prober } from '../../functions/core/ports';

export class VirtualClock implements Clock {
  private waiters: { at: number; resolve: () => void }[] = [];
  constructor(public t = Date.UTC(2026, 0, 1)) {}
  now() {
    return this.t;
  }
  /** Moves time forward, waking every sleeper whose time has come. */
  advance(ms: number) {
    this.t += ms;
    const due = this.waiters.filter((w) => w.at <= this.t);
    this.waiters = this.waiters.filter((w) => w.at > this.t);
    for (const w of due) w.resolve();
  }
  sleep(ms: number, signal?: AbortSignal) {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const waiter = { at: this.t + ms, resolve };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      });
    });
  }
}

/** A prober whose answers the test sets per check: up, down (connect), or a custom result. */
export class ScriptedProber implements Prober {
  readonly state = new Map<string, boolean | ProbeResult>();
  readonly calls: string[] = [];
  set(check: string, value: boolean | ProbeResult) {
    this.state.set(check, value);
  }
  async probe(check: CheckSpec, _signal?: AbortSignal): Promise<ProbeResult> {
    this.calls.push(check.name);
    const value = this.state.get(check.name) ?? true;
    if (typeof value === 'object') return value;
    return value
      ? { ok: true, class: 'ok', latencyMs: 5, reason: `status 200 from ${check.name}` }
      : { ok: false, class: 'status', latencyMs: 5, reason: `status 503 from ${check.name}, expected 200` };
  }
}

export interface TestConfigOptions {
  providers?: ('route53' | 'cloudflare' | 'local')[];
  failback?: { mode: 'auto' | 'manual'; after?: string };
  leader?: 'aws' | 'cloudflare' | 'local';
  records?: number;
  pools?: number;
  maxChangesPerTick?: number;
}

export function testConfig(options: TestConfigOptions = {}): Config {
  const providers = options.providers ?? ['route53', 'cloudflare'];
  const poolCount = options.pools ?? 2;
  const checks: Record<string, unknown> = {};
  for (let p = 0; p < poolCount; p++) {
    checks[`pool${p}-health`] = {
      http: { url: `http://origin${p}.example.test/health` },
      interval: '30s',
      timeout: '5s',
      failureThreshold: 3,
      successThreshold: 2,
    };
  }
  const records = Array.from({ length: options.records ?? 1 }, (_, i) => ({
    name: i === 0 ? 'app.example.com' : `app${i}.example.com`,
    type: 'A',
    providers,
    ttl: { normal: 300, outage: 60 },
    pools: Array.from({ length: poolCount }, (_, p) => ({
      name: ['primary', 'secondary', 'tertiary', 'quaternary'][p] ?? `pool${p}`,
      values: [`192.0.2.${10 + p}`],
      checks: [`pool${p}-health`],
    })),
    failback: options.failback ?? { mode: 'auto', after: '10m' },
  }));
  return parseConfig({
    owner: 'test',
    planes: { leader: options.leader ?? 'aws', takeoverAfter: '3m' },
    providers: {
      route53: { hostedZoneId: 'Z0123456789ABC' },
      cloudflare: { zoneId: '0123456789abcdef0123456789abcdef' },
      local: { zone: 'example.com' },
    },
    checks,
    records,
    ...(options.maxChangesPerTick ? { safety: { maxChangesPerTick: options.maxChangesPerTick } } : {}),
  });
}
