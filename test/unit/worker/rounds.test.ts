import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config/validate';
import type { VantageView } from '../../../functions/core/types';
import { nextRoundAt, roundsMode } from '../../../functions/worker/rounds';

function config(interval: string, planes?: string[]) {
  const check = (n: number) => ({
    http: { url: `https://origin${n}.example.com/` },
    interval,
    timeout: '2s',
    ...(planes ? { planes } : {}),
  });
  return parseConfig({
    providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
    checks: { a: check(0), b: check(1) },
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['route53'],
        pools: [
          { name: 'p', values: ['192.0.2.1'], checks: ['a'] },
          { name: 's', values: ['192.0.2.2'], checks: ['b'] },
        ],
      },
    ],
  });
}

const view = (lastAt: number, ok: boolean, status: 'healthy' | 'unhealthy'): VantageView => {
  const health = {
    status,
    failures: ok ? 0 : 1,
    successes: ok ? 3 : 0,
    since: 0,
    last: { ok, class: ok ? ('ok' as const) : ('connect' as const), latencyMs: 1, reason: 'r', at: lastAt },
  };
  return {
    vantage: 'cloudflare',
    at: lastAt,
    checks: { a: health, b: { ...health, last: { ...health.last, ok: true } } },
  };
};

describe('the Worker round alarm', () => {
  it('arms the next round for the next check due by its interval', () => {
    expect(nextRoundAt(config('10s'), view(100_000, true, 'healthy'), 101_000)).toBe(110_000);
  });

  it('arms it after confirmInterval while a failure waits for confirmation', () => {
    expect(nextRoundAt(config('10s'), view(100_000, false, 'healthy'), 101_000)).toBe(102_000);
  });

  it('never sooner than 500 ms, and at once for a check never probed', () => {
    expect(nextRoundAt(config('10s'), undefined, 50_000)).toBe(50_500);
  });

  it('arms nothing when the cron alone keeps the cadence, or the Worker runs no check', () => {
    expect(nextRoundAt(config('1m'), undefined, 0)).toBeUndefined();
    expect(nextRoundAt(config('10s', ['aws']), undefined, 0)).toBeUndefined();
  });

  it('reads the mode from PROBE_ROUNDS, alarm by default', () => {
    expect(roundsMode(undefined)).toBe('alarm');
    expect(roundsMode('cron')).toBe('cron');
  });
});
