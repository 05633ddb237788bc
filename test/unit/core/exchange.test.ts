import { describe, expect, it } from 'vitest';
import type { Config } from '../../../functions/core/config/model';
import { parseConfig } from '../../../functions/core/config/validate';
import type { PeerReader } from '../../../functions/core/ports';
import { dueChecks, waitOf } from '../../../functions/core/probing';
import type { Beacon, CheckHealth, VantageView } from '../../../functions/core/types';
import { VirtualClock } from '../../helpers/fakes';
import { TestPlane } from '../../helpers/plane';

function config(extra: Record<string, unknown> = {}): Config {
  const check = (n: number) => ({
    http: { url: `http://origin${n}.example.test/` },
    interval: '10s',
    timeout: '2s',
    ...extra,
  });
  return parseConfig({
    planes: { leader: 'aws', agreement: 'majority' },
    providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
    checks: { 'pool0-health': check(0), 'pool1-health': check(1) },
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

const health = (status: CheckHealth['status'], ok: boolean, at = 0): CheckHealth => ({
  status,
  failures: ok ? 0 : 1,
  successes: ok ? 1 : 0,
  since: 0,
  last: { ok, class: ok ? 'ok' : 'connect', latencyMs: 1, reason: ok ? 'ok' : 'refused', at },
});

describe('fast confirmation', () => {
  const cfg = config();
  const spec = cfg.checks['pool0-health']!;

  it('defaults confirmInterval to 2 s and caps it at the interval', () => {
    expect(spec.confirmIntervalMs).toBe(2_000);
    expect(config({ interval: '1s', timeout: '1s' }).checks['pool0-health']!.confirmIntervalMs).toBe(1_000);
    expect(config({ confirmInterval: '5s' }).checks['pool0-health']!.confirmIntervalMs).toBe(5_000);
  });

  it('refuses a confirmInterval longer than the interval, naming the field', () => {
    expect(() => config({ confirmInterval: '20s' })).toThrow(/checks\.pool0-health\.confirmInterval/);
    expect(() => config({ confirmInterval: '100ms' })).toThrow(/at least 500ms/);
  });

  it('re-probes after confirmInterval while a streak points towards a flip', () => {
    expect(waitOf(spec, health('healthy', false))).toBe(2_000);
    expect(waitOf(spec, health('unknown', true))).toBe(2_000);
    expect(waitOf(spec, health('unhealthy', true))).toBe(2_000);
    expect(waitOf(spec, health('healthy', true))).toBe(10_000);
    expect(waitOf(spec, health('unhealthy', false))).toBe(10_000);
    expect(waitOf(spec, undefined)).toBe(10_000);
  });

  it('makes a failing check due before its interval, a steady one not', () => {
    const view: VantageView = {
      vantage: 'aws',
      at: 0,
      checks: { 'pool0-health': health('healthy', false), 'pool1-health': health('healthy', true) },
    };
    expect(dueChecks(cfg.checks, view, 2_000, 'aws').map((c) => c.name)).toEqual(['pool0-health']);
  });

  it('turns a check unhealthy within one tick window on confirmations, not full intervals', async () => {
    const plane = new TestPlane(cfg);
    await plane.tick();
    plane.clock.advance(2_000);
    await plane.tick();
    plane.prober.set('pool0-health', false);
    plane.clock.advance(10_000);
    const report = await drive(plane.clock, plane.tick({ probeWindowMs: 50_000 }));
    const times = report.observations
      .filter((o) => o.check === 'pool0-health')
      .map((o) => o.at - report.startedAt);
    expect(times).toEqual([0, 2_000, 4_000]);
    expect(report.records[0]).toMatchObject({ activePool: 'secondary', decision: 'transition' });
  });
});

/** A peer whose beacon the test sets; it reports unhealthy for pool0 once `down` is set. */
class FakePeer implements PeerReader {
  readonly plane = 'cloudflare' as const;
  /** From this time on the peer sees pool0 down. */
  downFrom = Number.POSITIVE_INFINITY;
  reads = 0;
  constructor(private readonly clock: VirtualClock) {}
  async read(): Promise<Beacon> {
    this.reads++;
    const now = this.clock.now();
    const pool0 =
      now >= this.downFrom
        ? { status: 'unhealthy' as const, failures: 3, successes: 0, since: now }
        : { status: 'healthy' as const, failures: 0, successes: 3, since: 0 };
    return {
      plane: 'cloudflare',
      at: now,
      records: {},
      view: {
        vantage: 'cloudflare',
        at: now,
        checks: { 'pool0-health': pool0, 'pool1-health': { ...health('healthy', true), since: 0 } },
      },
    };
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
async function drive<T>(clock: VirtualClock, work: Promise<T>, stepMs = 500): Promise<T> {
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

describe('peer exchange inside the probe window', () => {
  async function setup(exchange: boolean) {
    const clock = new VirtualClock();
    const peer = new FakePeer(clock);
    const plane = new TestPlane(config(), clock, undefined, 'aws', [peer]);
    await plane.tick();
    clock.advance(2_000);
    await plane.tick();
    clock.advance(10_000);
    plane.prober.set('pool0-health', false);
    // The peer sees the outage 15 s into the next tick's window.
    peer.downFrom = clock.now() + 15_000;
    const report = await drive(clock, plane.tick({ probeWindowMs: 50_000, exchange }));
    return { report, plane, peer };
  }

  it('swaps in the same tick once the peer confirms, reading it again while waiting', async () => {
    const { report, plane, peer } = await setup(true);
    expect(report.records[0]).toMatchObject({ activePool: 'secondary', decision: 'transition' });
    expect(plane.store.data.transitions.map((t) => t.kind)).toEqual(['failover']);
    // Polled between the rounds, not only once per tick.
    expect(peer.reads).toBeGreaterThan(4);
    const beacon = await plane.store.loadBeacon('aws');
    expect(beacon?.view.checks['pool0-health']?.status).toBe('unhealthy');
  });

  it('without the exchange the tick decides on the peer view it read at its start', async () => {
    const { report, plane } = await setup(false);
    expect(report.records[0]).toMatchObject({ activePool: 'primary' });
    expect(plane.store.data.transitions.map((t) => t.kind)).toEqual([]);
  });
});
