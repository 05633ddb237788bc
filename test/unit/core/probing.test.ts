import { describe, expect, it } from 'vitest';
import type { CheckSpec, Config } from '../../../functions/core/config/model';
import { parseConfig } from '../../../functions/core/config/validate';
import type { ProbeResult, Prober } from '../../../functions/core/ports';
import { dueChecks, probeRounds, runProbes } from '../../../functions/core/probing';
import type { VantageView } from '../../../functions/core/types';
import { VirtualClock } from '../../helpers/fakes';
import { TestPlane } from '../../helpers/plane';

const ok: ProbeResult = { ok: true, class: 'ok', latencyMs: 1, reason: 'ok' };

function config(interval: string, checks: Record<string, Record<string, unknown>> = {}): Config {
  const all = {
    'pool0-health': { http: { url: 'http://origin0.example.test/' }, interval, timeout: '2s' },
    'pool1-health': { http: { url: 'http://origin1.example.test/' }, interval, timeout: '2s' },
    ...checks,
  };
  return parseConfig({
    providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
    checks: all,
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['route53'],
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: ['pool0-health'] },
          { name: 'secondary', values: ['192.0.2.11'], checks: ['pool1-health'] },
        ],
      },
    ],
  });
}

/** A prober whose probes wait until released, counting how many are in flight at once. */
class GatedProber implements Prober {
  inFlight = 0;
  maxInFlight = 0;
  started: string[] = [];
  private gates: (() => void)[] = [];
  async probe(check: CheckSpec, signal: AbortSignal): Promise<ProbeResult> {
    this.started.push(check.name);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise<void>((resolve) => {
      this.gates.push(resolve);
      signal.addEventListener('abort', () => resolve());
    });
    this.inFlight--;
    return ok;
  }
  releaseAll() {
    for (const open of this.gates.splice(0)) open();
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs `work` to completion, moving the virtual clock `stepMs` at a time while it waits. */
async function drive<T>(clock: VirtualClock, work: Promise<T>, stepMs: number): Promise<T> {
  let done = false;
  const result = work.finally(() => {
    done = true;
  });
  for (let i = 0; i < 1_000 && !done; i++) {
    await flush();
    if (!done) clock.advance(stepMs);
  }
  return result;
}

function view(lastAt: Record<string, number>): VantageView {
  const checks: VantageView['checks'] = {};
  for (const [name, at] of Object.entries(lastAt)) {
    checks[name] = {
      status: 'healthy',
      failures: 0,
      successes: 5,
      since: 0,
      last: { ok: true, class: 'ok', latencyMs: 1, reason: 'ok', at },
    };
  }
  return { vantage: 'aws', at: 0, checks };
}

describe('dueChecks', () => {
  const checks = config('30s', {
    'edge-only': { http: { url: 'https://edge.example.test/' }, planes: ['cloudflare'] },
  }).checks;

  it.each([
    ['every check when none was probed', undefined, 100_000, ['pool0-health', 'pool1-health']],
    [
      'the longest waiting first',
      view({ 'pool0-health': 50_000, 'pool1-health': 10_000 }),
      100_000,
      ['pool1-health', 'pool0-health'],
    ],
    [
      'none before the interval has passed',
      view({ 'pool0-health': 90_000, 'pool1-health': 90_000 }),
      100_000,
      [],
    ],
    [
      'one within its slack of the interval',
      view({ 'pool0-health': 71_000, 'pool1-health': 90_000 }),
      100_000,
      ['pool0-health'],
    ],
  ])('returns %s, and never a check of another plane', (_name, v, now, expected) => {
    expect(dueChecks(checks, v, now, 'aws').map((c) => c.name)).toEqual(expected);
  });
});

describe('runProbes', () => {
  const checks = Object.values(
    config(
      '30s',
      Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [`c${i}`, { tcp: { host: 'db.example.test', port: 5432 } }]),
      ),
    ).checks,
  );

  it('keeps at most `concurrency` probes in flight', async () => {
    const clock = new VirtualClock();
    const prober = new GatedProber();
    const run = runProbes(checks, prober, clock, { concurrency: 5, deadline: clock.now() + 10_000 });
    for (let i = 0; i < 50 && prober.started.length < checks.length; i++) {
      await flush();
      prober.releaseAll();
    }
    const { observations, skipped } = await run;
    expect(prober.maxInFlight).toBe(5);
    expect(observations).toHaveLength(checks.length);
    expect(skipped).toEqual([]);
  });

  it('cuts hanging probes at the deadline and leaves the checks it could not start due', async () => {
    const clock = new VirtualClock();
    const prober = new GatedProber();
    const run = runProbes(checks, prober, clock, { concurrency: 4, deadline: clock.now() + 1_500 });
    await flush();
    clock.advance(1_500);
    const { observations, skipped } = await run;
    expect(observations.map((o) => [o.class, o.latencyMs, o.reason])).toEqual(
      Array(4).fill(['timeout', 1_500, 'no answer within 1500 ms']),
    );
    expect(skipped).toHaveLength(checks.length - 4);
  });

  it('answers observations in code-unit order of the check name, whatever the locale', async () => {
    const named = Object.values(
      config('30s', {
        b_x: { tcp: { host: 'db.example.test', port: 5432 } },
        'b-x': { tcp: { host: 'db.example.test', port: 5432 } },
        b1: { tcp: { host: 'db.example.test', port: 5432 } },
      }).checks,
    ).filter((c) => c.name.startsWith('b'));
    const prober: Prober = { probe: async () => ok };
    const { observations } = await runProbes(named, prober, new VirtualClock(), {
      concurrency: 3,
      deadline: Number.POSITIVE_INFINITY,
    });
    // ICU's collation would put b_x first; code-unit order puts - (0x2d) < 1 (0x31) < _ (0x5f).
    expect(observations.map((o) => o.check)).toEqual(['b-x', 'b1', 'b_x']);
  });
});

describe('probe rounds', () => {
  it('runs a round every 10 s for 50 s inside one tick, feeding the same streaks', async () => {
    const plane = new TestPlane(config('10s'));
    const first = await drive(plane.clock, plane.tick({ probeWindowMs: 50_000 }), 1_000);
    // The confirmation 2 s after the first pass turns the checks healthy; that changes nothing for the
    // record, so the rounds go on at the interval: 0, 2, 12, 22, 32 and 42 s.
    expect(first.rounds).toBe(6);
    plane.clock.advance(60_000 - (plane.clock.now() - first.startedAt));
    const calls = plane.prober.calls.length;
    const report = await drive(plane.clock, plane.tick({ probeWindowMs: 50_000 }), 1_000);
    expect(report.rounds).toBe(6);
    expect(plane.prober.calls.length - calls).toBe(12);
    const times = report.observations
      .filter((o) => o.check === 'pool0-health')
      .map((o) => o.at - report.startedAt);
    expect(times).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000]);
    expect(report.health['pool0-health']).toMatchObject({ status: 'healthy' });
  });

  it('fails over inside the same tick once the rounds reach the failure threshold', async () => {
    const plane = new TestPlane(config('10s'));
    await drive(plane.clock, plane.tick({ probeWindowMs: 50_000 }), 1_000);
    plane.clock.advance(60_000);
    plane.prober.set('pool0-health', false);
    const report = await drive(plane.clock, plane.tick({ probeWindowMs: 50_000 }), 1_000);
    expect(report.rounds).toBe(3);
    expect(report.records[0]).toMatchObject({ activePool: 'secondary', decision: 'transition' });
    expect(plane.store.data.transitions.map((t) => t.kind)).toEqual(['failover']);
    expect(plane.store.data.transitions[0]?.failing[0]?.reason).toBe(
      'status 503 from pool0-health, expected 200',
    );
  });

  it('runs one round without a window', async () => {
    const plane = new TestPlane(config('10s'));
    const report = await plane.tick();
    expect(report.rounds).toBe(1);
    expect(report.observations).toHaveLength(2);
  });

  it('never probes a check meant for other planes', async () => {
    const clock = new VirtualClock();
    const cfg = config('30s', {
      'edge-only': { tcp: { host: 'a.example.test', port: 1 }, planes: ['cloudflare'] },
    });
    const prober = new GatedProber();
    const work = probeRounds(cfg.checks, undefined, prober, clock, {
      plane: 'aws',
      concurrency: 8,
      budgetMs: 5_000,
      windowMs: 0,
      probeAll: true,
    });
    await flush();
    prober.releaseAll();
    const rounds = await work;
    expect(prober.started.sort()).toEqual(['pool0-health', 'pool1-health']);
    expect(Object.keys(rounds.view.checks).sort()).toEqual(['pool0-health', 'pool1-health']);
  });

  it('warns about checks a round had no time left for', async () => {
    const plane = new TestPlane(config('30s'));
    const gated = new GatedProber();
    plane.deps.prober = gated;
    const pending = plane.tick({ probeConcurrency: 1, probeMaxOpen: 1, probeBudgetMs: 1_000 });
    await flush();
    plane.clock.advance(1_000);
    const report = await pending;
    expect(report.observations.map((o) => [o.check, o.class])).toEqual([['pool0-health', 'timeout']]);
    expect(report.warnings).toContain('probes: no time left this round for pool1-health');
  });
});
