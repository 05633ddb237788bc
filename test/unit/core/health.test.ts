import { describe, expect, it } from 'vitest';
import {
  type AgreementPolicy,
  aggregateCheck,
  updateCheckHealth,
  updateView,
} from '../../../functions/core/health';
import type {
  CheckHealth,
  HealthStatus,
  Observation,
  PlaneId,
  VantageView,
} from '../../../functions/core/types';
import { testConfig } from '../../helpers/fakes';

const obs = (ok: boolean, at: number, cls: Observation['class'] = ok ? 'ok' : 'status'): Observation => ({
  check: 'c',
  ok,
  class: cls,
  latencyMs: 1,
  reason: ok ? 'ok' : 'down',
  at,
});

describe('streaks', () => {
  it.each<[string, boolean[], HealthStatus]>([
    ['unknown until a threshold is reached', [true], 'unknown'],
    ['healthy after successThreshold', [true, true], 'healthy'],
    ['unhealthy after failureThreshold', [false, false, false], 'unhealthy'],
    ['two failures do not flip a healthy check', [true, true, false, false], 'healthy'],
    ['one success does not heal an unhealthy check', [false, false, false, true], 'unhealthy'],
    ['a success resets the failure streak', [true, true, false, false, true, false, false], 'healthy'],
  ])('%s', (_name, results, expected) => {
    let h: CheckHealth | undefined;
    results.forEach((ok, i) => {
      h = updateCheckHealth(h, obs(ok, i), { failureThreshold: 3, successThreshold: 2 });
    });
    expect(h!.status).toBe(expected);
  });

  it('marks a vantage isolated when every check fails at the network level', () => {
    const config = testConfig();
    const round = (cls: Observation['class']) =>
      ['pool0-health', 'pool1-health'].map((check) => ({ ...obs(false, 1, cls), check }));
    expect(updateView(undefined, 'aws', round('connect'), config.checks, 1).isolated).toBe(true);
    expect(updateView(undefined, 'aws', round('status'), config.checks, 1).isolated).toBeUndefined();
  });
});

describe('agreement across vantages', () => {
  const NOW = 1_000_000;
  const view = (vantage: PlaneId, status: HealthStatus, extra: Partial<VantageView> = {}): VantageView => ({
    vantage,
    at: NOW,
    checks: {
      c: {
        status,
        failures: 0,
        successes: 0,
        since: NOW - 10,
        last: {
          ok: status !== 'unhealthy',
          class: 'status',
          latencyMs: 1,
          reason: `${vantage} says ${status}`,
          at: NOW,
        },
      },
    },
    ...extra,
  });
  const policy = (rule: AgreementPolicy['rule']): AgreementPolicy => ({
    own: 'aws',
    now: NOW,
    maxAgeMs: 180_000,
    rule,
  });

  it.each<[string, AgreementPolicy['rule'], VantageView[], HealthStatus]>([
    ['one vantage that sees it down', 'majority', [view('aws', 'unhealthy')], 'unhealthy'],
    [
      'a split of two is not a majority',
      'majority',
      [view('aws', 'unhealthy'), view('cloudflare', 'healthy')],
      'healthy',
    ],
    [
      'two of three is a majority',
      'majority',
      [view('aws', 'unhealthy'), view('cloudflare', 'unhealthy'), view('local', 'healthy')],
      'unhealthy',
    ],
    [
      'any: one dissent is enough',
      'any',
      [view('aws', 'healthy'), view('cloudflare', 'unhealthy')],
      'unhealthy',
    ],
    [
      'all: one healthy vantage holds',
      'all',
      [view('aws', 'unhealthy'), view('cloudflare', 'unhealthy'), view('local', 'healthy')],
      'healthy',
    ],
    [
      'unknown vantages do not vote',
      'majority',
      [view('aws', 'unhealthy'), view('cloudflare', 'unknown')],
      'unhealthy',
    ],
    ['nobody knows', 'majority', [view('aws', 'unknown')], 'unknown'],
    [
      'an isolated vantage does not outvote a clear one',
      'majority',
      [view('aws', 'unhealthy', { isolated: true }), view('cloudflare', 'healthy')],
      'healthy',
    ],
    [
      // With `any`, one unhealthy verdict would be enough: the isolated one must not count.
      'an isolated vantage does not move an `any` vote against a clear one',
      'any',
      [view('aws', 'unhealthy', { isolated: true }), view('cloudflare', 'healthy')],
      'healthy',
    ],
    [
      'two isolated vantages do not outvote one clear one under majority',
      'majority',
      [
        view('aws', 'unhealthy', { isolated: true }),
        view('local', 'unhealthy', { isolated: true }),
        view('cloudflare', 'healthy'),
      ],
      'healthy',
    ],
    [
      'isolated vantages with no clear one still report what they see',
      'majority',
      [view('aws', 'unhealthy', { isolated: true }), view('local', 'unhealthy', { isolated: true })],
      'unhealthy',
    ],
    [
      'an isolated vantage alone still reports what it sees',
      'majority',
      [view('aws', 'unhealthy', { isolated: true })],
      'unhealthy',
    ],
  ])('%s', (_name, rule, views, expected) => {
    const result = aggregateCheck('c', views, policy(rule));
    expect(result.status).toBe(expected);
  });

  it('names the failing vantages and the dissenters', () => {
    const result = aggregateCheck(
      'c',
      [view('aws', 'unhealthy'), view('cloudflare', 'unhealthy'), view('local', 'healthy')],
      policy('majority'),
    );
    expect(result.failing.map((f) => `${f.vantage}: ${f.reason}`)).toEqual([
      'aws: aws says unhealthy',
      'cloudflare: cloudflare says unhealthy',
    ]);
    expect(result.dissent).toEqual(['local']);
  });
});

describe('dissent', () => {
  it('travels from the vantages into the failover transition', async () => {
    const { decide } = await import('../../../functions/core/decide');
    const { poolHealth } = await import('../../../functions/core/health');
    const record = testConfig().records[0]!;
    const down = {
      status: 'unhealthy' as const,
      since: 0,
      failing: [{ check: 'pool0-health', vantage: 'aws' as const, reason: 'x' }],
      dissent: ['local' as const],
    };
    const up = { status: 'healthy' as const, since: 0, failing: [], dissent: [] };
    const pools = {
      primary: poolHealth(record.pools[0]!, { 'pool0-health': down }, 1),
      secondary: poolHealth(record.pools[1]!, { 'pool1-health': up }, 1),
    };
    const d = decide({ record, state: undefined, pools, now: 10, plane: 'aws' });
    expect(d.transition).toMatchObject({ kind: 'failover', dissent: ['local'] });
  });
});
