import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../functions/core/config/model';
import { ConflictError, ProviderError } from '../../../functions/core/errors';
import { markerName } from '../../../functions/core/ownership';
import type { ProbeResult } from '../../../functions/core/ports';
import { testConfig, VirtualClock } from '../../helpers/fakes';
import { TestPlane, ZONE_CF, ZONE_R53 } from '../../helpers/plane';

const transitions = (plane: TestPlane) => plane.store.data.transitions;

describe('tick', () => {
  it('creates the records with their markers on the first tick, then writes nothing but the beacon', async () => {
    const plane = new TestPlane(testConfig());
    const first = await plane.tick();
    expect(first.records[0]).toMatchObject({ activePool: 'primary', epoch: 0, decision: 'stay' });
    expect(plane.record('route53')).toEqual({
      name: 'app.example.com',
      type: 'A',
      ttl: 300,
      values: ['192.0.2.10'],
    });
    expect(plane.record('cloudflare')).toEqual({
      name: 'app.example.com',
      type: 'A',
      ttl: 300,
      values: ['192.0.2.10'],
      proxied: false,
    });
    expect(
      plane.record('route53', markerName({ name: 'app.example.com', type: 'A' }), 'TXT')?.values[0],
    ).toBe('heritage=twinplane,owner=test,record=app.example.com/A,pool=primary,epoch=0,plane=aws');
    const applies = plane.providers.route53.calls.apply + plane.providers.cloudflare.calls.apply;
    plane.clock.advance(30_000);
    await plane.ticks(5);
    expect(plane.providers.route53.calls.apply + plane.providers.cloudflare.calls.apply).toBe(applies);
    expect(plane.store.calls.commit).toBe(0);
    expect(plane.store.calls.publishBeacon).toBe(6);
    expect(plane.providers.route53.calls.read).toBe(6);
  });

  it('fails over after failureThreshold failed rounds, with the outage TTL, recording one transition', async () => {
    const plane = new TestPlane(testConfig());
    await plane.ticks(2);
    plane.prober.set('pool0-health', false);
    const reports = await plane.ticks(3);
    expect(reports.map((r) => r.records[0]!.activePool)).toEqual(['primary', 'primary', 'secondary']);
    const last = reports[2]!;
    expect(last.events.filter((e) => e.type === 'transition')).toHaveLength(1);
    expect(plane.record('route53')).toMatchObject({ ttl: 60, values: ['192.0.2.11'] });
    expect(plane.record('cloudflare')).toMatchObject({ ttl: 60, values: ['192.0.2.11'] });
    expect(transitions(plane)).toHaveLength(1);
    expect(transitions(plane)[0]).toMatchObject({
      id: 'app.example.com/A#1',
      kind: 'failover',
      from: 'primary',
      to: 'secondary',
      failing: [
        { check: 'pool0-health', vantage: 'aws', reason: 'status 503 from pool0-health, expected 200' },
      ],
    });
    expect(transitions(plane)[0]!.reason).toContain('status 503');
  });

  it('fails back only after successThreshold healthy rounds and the dwell', async () => {
    const plane = new TestPlane(testConfig({ failback: { mode: 'auto', after: '10m' } }));
    plane.prober.set('pool0-health', false);
    await plane.ticks(4);
    expect(plane.record('route53')!.values).toEqual(['192.0.2.11']);
    plane.prober.set('pool0-health', true);
    const reports = await plane.ticks(25);
    const back = reports.findIndex((r) => r.records[0]!.activePool === 'primary');
    // Healthy after 2 rounds (the second recovering round), then 10 minutes = 20 rounds of 30 s.
    expect(back).toBe(21);
    expect(plane.record('route53')).toMatchObject({ ttl: 300, values: ['192.0.2.10'] });
    expect(transitions(plane).map((t) => t.kind)).toEqual(['failover', 'failback']);
  });

  it('never fails back on its own with failback mode manual', async () => {
    const plane = new TestPlane(testConfig({ failback: { mode: 'manual' } }));
    plane.prober.set('pool0-health', false);
    await plane.ticks(4);
    plane.prober.set('pool0-health', true);
    await plane.ticks(60);
    expect(plane.record('route53')!.values).toEqual(['192.0.2.11']);
    expect(transitions(plane)).toHaveLength(1);
  });

  it('holds the records and alerts once when every pool is unhealthy (fail-static)', async () => {
    const plane = new TestPlane(testConfig());
    await plane.ticks(1);
    plane.prober.set('pool0-health', false);
    plane.prober.set('pool1-health', false);
    const reports = await plane.ticks(8);
    const alerts = reports.flatMap((r) => r.events).filter((e) => e.type === 'fail-static');
    expect(alerts).toHaveLength(1);
    expect(plane.record('route53')!.values).toEqual(['192.0.2.10']);
    expect(transitions(plane)).toHaveLength(0);
    expect(reports.at(-1)!.records[0]!.decision).toBe('hold');
  });

  it('never touches a record set without our marker, and says why', async () => {
    const plane = new TestPlane(testConfig());
    const foreign = { name: 'app.example.com', type: 'A', ttl: 600, values: ['203.0.113.9'] };
    plane.providers.route53.zones.set(ZONE_R53, [foreign]);
    plane.prober.set('pool0-health', false);
    const reports = await plane.ticks(4);
    expect(plane.providers.route53.find(ZONE_R53, 'app.example.com', 'A')).toEqual(foreign);
    const why = reports.at(-1)!.events.find((e) => e.type === 'foreign');
    expect(why).toMatchObject({
      provider: 'route53',
      reason: expect.stringContaining('without a twinplane ownership marker'),
    });
    // Cloudflare is ours and does move.
    expect(plane.record('cloudflare')!.values).toEqual(['192.0.2.11']);
  });

  it('leaves records owned by another twinplane owner alone', async () => {
    const plane = new TestPlane(testConfig({ providers: ['route53'] }));
    const marker = {
      name: '_twinplane-a.app.example.com',
      type: 'TXT',
      ttl: 300,
      values: ['heritage=twinplane,owner=other,record=app.example.com/A,pool=primary,epoch=4,plane=aws'],
    };
    plane.providers.route53.zones.set(ZONE_R53, [marker]);
    const report = await plane.tick();
    expect(report.events).toContainEqual(
      expect.objectContaining({ type: 'foreign', reason: 'owned by "other", not "test"' }),
    );
    expect(plane.providers.route53.calls.apply).toBe(0);
  });

  it('records exactly one transition when eight ticks race the same failover', async () => {
    const plane = new TestPlane(testConfig());
    await plane.ticks(1);
    plane.prober.set('pool0-health', false);
    await plane.ticks(2);
    const reports = await Promise.all(Array.from({ length: 8 }, () => plane.tick()));
    expect(transitions(plane)).toHaveLength(1);
    expect(reports.filter((r) => r.records[0]!.committed)).toHaveLength(1);
    const losers = reports.filter((r) => !r.records[0]!.committed);
    expect(losers).toHaveLength(7);
    for (const r of losers) {
      expect(r.events.some((e) => e.type === 'conflict')).toBe(true);
      expect(r.records[0]!.reason).toContain('lost a race, nothing changed');
    }
    expect(plane.record('route53')!.values).toEqual(['192.0.2.11']);
  });

  it('does not advance state when every provider refuses, and retries on the next tick', async () => {
    const plane = new TestPlane(testConfig({ providers: ['route53'] }));
    await plane.ticks(1);
    plane.prober.set('pool0-health', false);
    await plane.ticks(2);
    plane.providers.route53.faults.apply.push(
      new ProviderError('route53', 'InvalidChangeBatch: bad value', { retryable: false }),
    );
    const failed = await plane.tick();
    expect(failed.records[0]).toMatchObject({ committed: false, activePool: 'secondary' });
    expect(failed.events).toContainEqual(
      expect.objectContaining({
        type: 'apply-failed',
        provider: 'route53',
        reason: 'route53: InvalidChangeBatch: bad value',
      }),
    );
    expect(plane.store.data.records).toEqual({});
    expect(transitions(plane)).toHaveLength(0);
    plane.clock.advance(30_000);
    const retried = await plane.tick();
    expect(retried.records[0]!.committed).toBe(true);
    expect(plane.record('route53')!.values).toEqual(['192.0.2.11']);
    expect(transitions(plane)).toHaveLength(1);
  });

  it('does not commit a transition when no provider could even be read', async () => {
    const plane = new TestPlane(testConfig());
    await plane.ticks(1);
    plane.prober.set('pool0-health', false);
    await plane.ticks(2);
    const down = () => new ProviderError('x', 'API unreachable', { retryable: true });
    plane.providers.route53.faults.read.push(down());
    plane.providers.cloudflare.faults.read.push(down());
    const report = await plane.tick();
    expect(report.records[0]).toMatchObject({
      committed: false,
      reason: expect.stringContaining('no provider took the change'),
    });
    expect(transitions(plane)).toHaveLength(0);
    plane.clock.advance(30_000);
    await plane.tick();
    expect(transitions(plane)).toHaveLength(1);
    expect(plane.record('route53')!.values).toEqual(['192.0.2.11']);
  });

  it('converges the other provider on the next tick after a partial failure', async () => {
    const plane = new TestPlane(testConfig());
    await plane.ticks(1);
    plane.prober.set('pool0-health', false);
    await plane.ticks(2);
    plane.providers.cloudflare.faults.apply.push(
      new ProviderError('cloudflare', '503 from the API', { retryable: true }),
    );
    const partial = await plane.tick();
    expect(partial.records[0]!.committed).toBe(true);
    expect(plane.record('route53')!.values).toEqual(['192.0.2.11']);
    expect(plane.record('cloudflare')!.values).toEqual(['192.0.2.10']);
    plane.clock.advance(30_000);
    await plane.tick();
    expect(plane.record('cloudflare')).toMatchObject({ values: ['192.0.2.11'], ttl: 60 });
    expect(transitions(plane)).toHaveLength(1);
  });

  it('stops at a lost marker race without committing', async () => {
    const plane = new TestPlane(testConfig({ providers: ['route53'] }));
    await plane.ticks(1);
    plane.prober.set('pool0-health', false);
    await plane.ticks(2);
    plane.providers.route53.faults.apply.push(
      new ConflictError('_twinplane-a.app.example.com/TXT', 'marker changed'),
    );
    const report = await plane.tick();
    expect(report.records[0]!.committed).toBe(false);
    expect(report.records[0]!.reason).toContain('lost a race');
    expect(transitions(plane)).toHaveLength(0);
  });

  it('writes nothing anywhere in a dry run', async () => {
    const plane = new TestPlane(testConfig());
    const report = await plane.tick({ dryRun: true });
    expect(report.records[0]!.providers.map((p) => p.changes.length)).toEqual([2, 2]);
    expect(plane.providers.route53.calls.apply + plane.providers.cloudflare.calls.apply).toBe(0);
    expect(plane.store.calls.publishBeacon + plane.store.calls.commit).toBe(0);
  });

  it('refuses the whole tick when it would change more record sets than allowed', async () => {
    const plane = new TestPlane(testConfig({ records: 3, providers: ['route53'], maxChangesPerTick: 2 }));
    const report = await plane.tick();
    expect(report.refused).toEqual(['3 record set changes exceed maxChangesPerTick (2)']);
    expect(plane.providers.route53.calls.apply).toBe(0);
  });

  it('keeps probing and publishing when a provider cannot be read', async () => {
    const plane = new TestPlane(testConfig());
    plane.providers.route53.faults.read.push(new ProviderError('route53', 'Throttling', { retryable: true }));
    const report = await plane.tick();
    expect(report.records[0]!.providers[0]!.error).toContain('Throttling');
    expect(plane.record('cloudflare')).toBeDefined();
    expect(plane.store.calls.publishBeacon).toBe(1);
  });

  it('as a follower, decides but applies nothing while the leader is fresh', async () => {
    const leaderBeacon = {
      plane: 'aws' as const,
      at: 0,
      records: {},
      view: { vantage: 'aws' as const, at: 0, checks: {} },
    };
    const clock = new VirtualClock();
    const plane = new TestPlane(testConfig({ leader: 'aws' }), clock, undefined, 'cloudflare', [
      { plane: 'aws', read: async () => ({ ...leaderBeacon, at: clock.now() - 60_000 }) },
    ]);
    const report = await plane.tick();
    expect(report.authority.applies).toBe(false);
    expect(plane.providers.route53.calls.apply + plane.providers.cloudflare.calls.apply).toBe(0);
  });

  it('announces a takeover once, when a follower starts applying because the leader went quiet', async () => {
    const clock = new VirtualClock();
    let leaderAt = clock.now();
    const plane = new TestPlane(testConfig({ leader: 'aws' }), clock, undefined, 'cloudflare', [
      {
        plane: 'aws',
        read: async () => ({
          plane: 'aws',
          at: leaderAt,
          records: {},
          view: { vantage: 'aws', at: leaderAt, checks: {} },
        }),
      },
    ]);
    const quiet = await plane.ticks(2, 60_000);
    expect(quiet.flatMap((r) => r.events).filter((e) => e.type === 'takeover')).toEqual([]);
    // The leader stops publishing; after takeoverAfter (3m) the follower applies and says so once.
    const reports = await plane.ticks(6, 60_000);
    const takeovers = reports.flatMap((r) => r.events).filter((e) => e.type === 'takeover');
    expect(takeovers).toEqual([
      expect.objectContaining({
        plane: 'cloudflare',
        leader: 'aws',
        reason: expect.stringContaining('takes over'),
      }),
    ]);
    leaderAt = clock.now();
    await plane.tick();
    const back = await plane.ticks(4, 60_000);
    expect(back.flatMap((r) => r.events).filter((e) => e.type === 'takeover')).toEqual([]);
  });

  it('adopts a newer epoch another plane wrote instead of undoing it', async () => {
    const plane = new TestPlane(testConfig({ providers: ['route53'] }));
    await plane.ticks(1);
    // The Cloudflare plane failed over while this plane was away.
    const zone = plane.providers.route53.records(ZONE_R53).map((s) =>
      s.type === 'TXT'
        ? {
            ...s,
            values: [
              'heritage=twinplane,owner=test,record=app.example.com/A,pool=secondary,epoch=1,plane=cloudflare',
            ],
          }
        : { ...s, ttl: 60, values: ['192.0.2.11'] },
    );
    plane.providers.route53.zones.set(ZONE_R53, zone);
    const applies = plane.providers.route53.calls.apply;
    const report = await plane.tick();
    expect(report.records[0]).toMatchObject({
      activePool: 'secondary',
      epoch: 1,
      decision: 'adopt',
      committed: true,
    });
    expect(plane.providers.route53.calls.apply).toBe(applies);
    expect(transitions(plane)[0]).toMatchObject({ kind: 'adopt', epoch: 1 });
  });

  it('never adopts a marker of its own plane: a racing tick of its own may still be committing it', async () => {
    const plane = new TestPlane(testConfig());
    await plane.ticks(1);
    plane.prober.set('pool0-health', false);
    await plane.ticks(2);
    // Another tick of this plane wrote secondary@1 to both providers and has not committed yet.
    const marker = 'heritage=twinplane,owner=test,record=app.example.com/A,pool=secondary,epoch=1,plane=aws';
    for (const [provider, zone] of [
      [plane.providers.route53, ZONE_R53],
      [plane.providers.cloudflare, ZONE_CF],
    ] as const) {
      provider.zones.set(
        zone,
        provider
          .records(zone)
          .map((s) =>
            s.type === 'TXT' ? { ...s, values: [marker] } : { ...s, ttl: 60, values: ['192.0.2.11'] },
          ),
      );
    }
    const report = await plane.tick();
    expect(report.records[0]).toMatchObject({ decision: 'transition', epoch: 1, committed: true });
    expect(transitions(plane)).toEqual([
      expect.objectContaining({ id: 'app.example.com/A#1', kind: 'failover', plane: 'aws' }),
    ]);
  });

  it('probes only checks that are due', async () => {
    const plane = new TestPlane(testConfig());
    await plane.tick();
    // One pass each: not healthy yet, so the confirmation (2 s) is due before the interval.
    plane.clock.advance(2_000);
    await plane.tick();
    expect(plane.prober.calls).toHaveLength(4);
    plane.clock.advance(10_000);
    await plane.tick();
    expect(plane.prober.calls).toHaveLength(4);
    plane.clock.advance(20_000);
    await plane.tick();
    expect(plane.prober.calls).toHaveLength(6);
  });

  it('records a hanging probe as a timeout without stalling the tick past its budget', async () => {
    const plane = new TestPlane(testConfig());
    let hanging!: () => void;
    const called = new Promise<void>((resolve) => {
      hanging = resolve;
    });
    plane.prober.probe = (check: CheckSpec, signal: AbortSignal): Promise<ProbeResult> => {
      if (check.name !== 'pool0-health')
        return Promise.resolve({ ok: true, class: 'ok', latencyMs: 1, reason: 'ok' });
      hanging();
      return new Promise<ProbeResult>((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    };
    const pending = plane.tick();
    // The probe's timeout is armed on the virtual clock before the probe starts: move past it.
    await called;
    plane.clock.advance(5_000);
    const report = await pending;
    expect(report.observations.find((o) => o.check === 'pool0-health')).toMatchObject({
      ok: false,
      class: 'timeout',
    });
    expect(report.observations.find((o) => o.check === 'pool1-health')).toMatchObject({ ok: true });
  });

  it('reads the zone once per provider per tick however many records share it', async () => {
    const plane = new TestPlane(testConfig({ records: 10 }));
    await plane.tick();
    expect(plane.providers.route53.calls.read).toBe(1);
    expect(plane.providers.cloudflare.calls.read).toBe(1);
    expect(plane.providers.cloudflare.records(ZONE_CF)).toHaveLength(20);
  });
});
