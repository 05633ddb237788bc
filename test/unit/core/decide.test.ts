import { describe, expect, it } from 'vitest';
import { applyManualAction, type ManualAction } from '../../../functions/core/control';
import { decide } from '../../../functions/core/decide';
import { formatIssues, RequestError } from '../../../functions/core/errors';
import type { PoolHealth } from '../../../functions/core/health';
import type { HealthStatus, RecordState } from '../../../functions/core/types';
import { testConfig } from '../../helpers/fakes';

const MIN = 60_000;
const NOW = 100 * MIN;
const record = testConfig({ pools: 3, failback: { mode: 'auto', after: '10m' } }).records[0]!;
const manual = { ...record, failback: { mode: 'manual' as const, afterMs: 0 } };
const h = (status: HealthStatus, sinceMinAgo = 60): PoolHealth => ({
  status,
  since: NOW - sinceMinAgo * MIN,
  failing: status === 'unhealthy' ? [{ check: 'c', vantage: 'aws', reason: 'status 503' }] : [],
});
const pools = (a: PoolHealth, b: PoolHealth, c: PoolHealth = h('healthy')) => ({
  primary: a,
  secondary: b,
  tertiary: c,
});
const state = (activePool: string, extra: Partial<RecordState> = {}): RecordState => ({
  record: record.key,
  activePool,
  epoch: 3,
  since: NOW - 60 * MIN,
  reason: '',
  plane: 'aws',
  ...extra,
});

describe('decide', () => {
  it.each<
    [string, typeof record, RecordState | undefined, Record<string, PoolHealth>, string, string | undefined]
  >([
    [
      'no state, all healthy: stay on the preferred pool',
      record,
      undefined,
      pools(h('healthy'), h('healthy')),
      'primary',
      undefined,
    ],
    [
      'no state, health unknown: stay',
      record,
      undefined,
      pools(h('unknown'), h('unknown')),
      'primary',
      undefined,
    ],
    [
      'primary down: fail over to the next healthy pool',
      record,
      state('primary'),
      pools(h('unhealthy'), h('healthy')),
      'secondary',
      'failover',
    ],
    [
      'primary and secondary down: skip to tertiary',
      record,
      state('primary'),
      pools(h('unhealthy'), h('unhealthy')),
      'tertiary',
      'failover',
    ],
    [
      'secondary down while active: back to a healthy primary at once',
      record,
      state('secondary'),
      pools(h('healthy', 1), h('unhealthy')),
      'primary',
      'failover',
    ],
    [
      'active health unknown: stay',
      record,
      state('secondary'),
      pools(h('healthy'), h('unknown')),
      'secondary',
      undefined,
    ],
    [
      'primary healthy long enough: fail back',
      record,
      state('secondary'),
      pools(h('healthy', 10), h('healthy')),
      'primary',
      'failback',
    ],
    [
      'primary healthy, dwell not met: stay',
      record,
      state('secondary'),
      pools(h('healthy', 9), h('healthy')),
      'secondary',
      undefined,
    ],
    [
      'recent failover, dwell not met: stay',
      record,
      state('secondary', { since: NOW - 5 * MIN }),
      pools(h('healthy', 60), h('healthy')),
      'secondary',
      undefined,
    ],
    [
      'tertiary active, secondary healthy long enough: fail back to it',
      record,
      state('tertiary'),
      pools(h('unhealthy'), h('healthy', 20)),
      'secondary',
      'failback',
    ],
    [
      'manual failback mode: stay',
      manual,
      state('secondary'),
      pools(h('healthy', 600), h('healthy')),
      'secondary',
      undefined,
    ],
    [
      'pinned to an unhealthy pool: go there anyway',
      record,
      state('primary', { pin: { pool: 'secondary', at: 0, by: 'ops' } }),
      pools(h('healthy'), h('unhealthy')),
      'secondary',
      'pin',
    ],
    [
      'pinned and there: stay even when it is down',
      record,
      state('secondary', { pin: { pool: 'secondary', at: 0, by: 'ops' } }),
      pools(h('healthy', 600), h('unhealthy')),
      'secondary',
      undefined,
    ],
  ])('%s', (_name, spec, s, p, active, kind) => {
    const d = decide({ record: spec, state: s, pools: p, now: NOW, plane: 'aws' });
    expect(d.next.activePool).toBe(active);
    expect(d.transition?.kind).toBe(kind);
    if (kind) expect(d.next.epoch).toBe((s?.epoch ?? 0) + 1);
  });

  it('drops an expired pin and then decides on health', () => {
    const s = state('secondary', { pin: { pool: 'secondary', at: 0, by: 'ops', until: NOW - 1 } });
    const d = decide({
      record,
      state: s,
      pools: pools(h('healthy', 60), h('healthy')),
      now: NOW,
      plane: 'aws',
    });
    expect(d.next.pin).toBeUndefined();
    expect(d.transition?.kind).toBe('failback');
  });

  it('enters fail-static once, with the failing checks, and clears it on recovery', () => {
    const allDown = pools(h('unhealthy'), h('unhealthy'), h('unhealthy'));
    const first = decide({ record, state: state('primary'), pools: allDown, now: NOW, plane: 'aws' });
    expect(first).toMatchObject({ changed: true, next: { activePool: 'primary', holding: { since: NOW } } });
    expect(first.events).toEqual([
      expect.objectContaining({
        type: 'fail-static',
        failing: expect.arrayContaining([expect.objectContaining({ reason: 'status 503' })]),
      }),
    ]);
    const again = decide({ record, state: first.next, pools: allDown, now: NOW + MIN, plane: 'aws' });
    expect(again).toMatchObject({ changed: false, events: [] });
    const back = decide({
      record,
      state: first.next,
      pools: pools(h('healthy'), h('unhealthy')),
      now: NOW + 2 * MIN,
      plane: 'aws',
    });
    expect(back.next.holding).toBeUndefined();
    expect(back.events).toEqual([expect.objectContaining({ type: 'fail-static-cleared' })]);
  });
});

describe('manual actions', () => {
  const run = (action: ManualAction, s: RecordState | undefined, p = pools(h('healthy'), h('healthy'))) =>
    applyManualAction({ record, state: s, pools: p, action, now: NOW, plane: 'aws', by: 'alice' });

  it.each<[string, ManualAction, RecordState | undefined, string, string | undefined]>([
    [
      'failover moves to the next pool',
      { action: 'failover', record: record.key },
      undefined,
      'secondary',
      'manual-failover',
    ],
    [
      'failover to a named pool',
      { action: 'failover', record: record.key, pool: 'tertiary' },
      state('primary'),
      'tertiary',
      'manual-failover',
    ],
    [
      'failover to the active pool changes nothing',
      { action: 'failover', record: record.key, pool: 'primary' },
      state('primary'),
      'primary',
      undefined,
    ],
    [
      'failback returns to the preferred pool',
      { action: 'failback', record: record.key },
      state('tertiary'),
      'primary',
      'manual-failback',
    ],
    [
      'pin moves and holds',
      { action: 'pin', record: record.key, pool: 'secondary', until: NOW + MIN },
      state('primary'),
      'secondary',
      'pin',
    ],
  ])('%s', (_name, action, s, active, kind) => {
    const d = run(action, s);
    expect(d.next.activePool).toBe(active);
    expect(d.transition?.kind).toBe(kind);
    if (kind) expect(d.transition!.reason).toContain('alice');
  });

  it('unpin removes the pin without moving', () => {
    const d = run(
      { action: 'unpin', record: record.key },
      state('secondary', { pin: { pool: 'secondary', at: 0, by: 'x' } }),
    );
    expect(d).toMatchObject({ changed: true, next: { activePool: 'secondary' } });
    expect(d.next.pin).toBeUndefined();
  });

  it.each<[string, ManualAction, RecordState | undefined, string]>([
    [
      'an unknown pool',
      { action: 'failover', record: record.key, pool: 'nope' },
      undefined,
      'pool: "nope" is not a pool of app.example.com/A',
    ],
    [
      'an unhealthy target',
      { action: 'failover', record: record.key, pool: 'secondary' },
      undefined,
      'pool: pool secondary is unhealthy',
    ],
    [
      'a pinned record',
      { action: 'failover', record: record.key },
      state('primary', { pin: { pool: 'primary', at: 0, by: 'x' } }),
      'record: app.example.com/A is pinned to primary',
    ],
    [
      'a pin in the past',
      { action: 'pin', record: record.key, pool: 'secondary', until: NOW - 1 },
      undefined,
      'until: must be in the future',
    ],
  ])('refuses %s with a RequestError naming the field', (_name, action, s, message) => {
    expect(() => run(action, s, pools(h('healthy'), h('unhealthy')))).toThrow(RequestError);
    expect(() => run(action, s, pools(h('healthy'), h('unhealthy')))).toThrow(message);
  });

  it('names force as the override of an unhealthy target, for each surface to word its own way', () => {
    let error: unknown;
    try {
      run(
        { action: 'failover', record: record.key, pool: 'secondary' },
        undefined,
        pools(h('healthy'), h('unhealthy')),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestError);
    const issues = (error as RequestError).issues;
    expect(issues[0]).toMatchObject({ path: 'pool', override: { force: true } });
    expect(formatIssues(issues)).toContain('; pass force: true to override');
    expect(formatIssues(issues, (field) => `--${field}`)).toContain('; pass --force to override');
  });

  it('force moves onto an unhealthy pool', () => {
    const d = run(
      { action: 'failover', record: record.key, pool: 'secondary', force: true },
      undefined,
      pools(h('healthy'), h('unhealthy')),
    );
    expect(d.next.activePool).toBe('secondary');
  });
});
