/** Property-based tests of the guarantees in the design handbook: P2, P3, P7 and determinism. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../functions/core/decide';
import type { PoolHealth } from '../../../functions/core/health';
import { applyChanges, planRecord } from '../../../functions/core/plan';
import type { HealthStatus, RecordSet, RecordState } from '../../../functions/core/types';
import { testConfig } from '../../helpers/fakes';
import { TestPlane } from '../../helpers/plane';

const config = testConfig({ pools: 3, providers: ['route53', 'cloudflare'] });
const record = config.records[0]!;
const poolNames = record.pools.map((p) => p.name);

const status = fc.constantFrom<HealthStatus>('healthy', 'unhealthy', 'unknown');
const poolHealth = fc.record({ status, since: fc.integer({ min: 0, max: 10_000_000 }) }).map(
  (h): PoolHealth => ({
    ...h,
    failing: h.status === 'unhealthy' ? [{ check: 'c', vantage: 'aws', reason: 'down' }] : [],
  }),
);
const pools = fc
  .tuple(poolHealth, poolHealth, poolHealth)
  .map((hs) => Object.fromEntries(hs.map((h, i) => [poolNames[i]!, h])));
const state = fc
  .record({
    activePool: fc.constantFrom(...poolNames),
    epoch: fc.integer({ min: 0, max: 50 }),
    since: fc.integer({ min: 0, max: 10_000_000 }),
    pinned: fc.option(fc.constantFrom(...poolNames), { nil: undefined }),
  })
  .map(
    ({ pinned, ...s }): RecordState => ({
      record: record.key,
      reason: 'test',
      plane: 'aws',
      ...s,
      ...(pinned ? { pin: { pool: pinned, at: 0, by: 'test' } } : {}),
    }),
  );
const now = fc.integer({ min: 10_000_000, max: 20_000_000 });

/** Zone contents twinplane may meet: empty, or our record and marker at any earlier state. */
const actualZone = fc.option(state, { nil: undefined }).chain((earlier) =>
  fc.constantFrom('route53' as const, 'cloudflare' as const).map((provider) => {
    if (!earlier) return { provider, sets: [] as RecordSet[] };
    const plan = planRecord(record, earlier, provider, [], config.owner);
    return { provider, sets: applyChanges([], plan.changes) };
  }),
);

describe('properties', () => {
  it('P2: planning again after applying a plan yields no changes', () => {
    fc.assert(
      fc.property(state, actualZone, (s, { provider, sets }) => {
        const first = planRecord(record, s, provider, sets, config.owner);
        expect(first.foreign).toBeUndefined();
        const after = applyChanges(sets, first.changes);
        expect(planRecord(record, s, provider, after, config.owner).changes).toEqual([]);
      }),
    );
  });

  it('P3: when every pool is unhealthy the active pool never changes', () => {
    fc.assert(
      fc.property(state, now, (s, t) => {
        const { pin: _pin, ...unpinned } = s;
        const down = Object.fromEntries(
          poolNames.map((p) => [p, { status: 'unhealthy' as const, since: 0, failing: [] }]),
        );
        const d = decide({ record, state: unpinned, pools: down, now: t, plane: 'aws' });
        expect(d.next.activePool).toBe(s.activePool);
        expect(d.transition).toBeUndefined();
        expect(d.next.holding).toBeDefined();
      }),
    );
  });

  it('a decision only ever moves to a healthy pool, or to a pinned one', () => {
    fc.assert(
      fc.property(state, pools, now, (s, p, t) => {
        const d = decide({ record, state: s, pools: p, now: t, plane: 'aws' });
        if (!d.transition) return;
        expect(d.transition.epoch).toBe(s.epoch + 1);
        if (s.pin) expect(d.next.activePool).toBe(s.pin.pool);
        else expect(p[d.next.activePool]!.status).toBe('healthy');
      }),
    );
  });

  it('decide and plan are deterministic', () => {
    fc.assert(
      fc.property(state, pools, now, actualZone, (s, p, t, { provider, sets }) => {
        const input = { record, state: s, pools: p, now: t, plane: 'aws' as const };
        expect(decide(input)).toEqual(decide(structuredClone(input)));
        expect(planRecord(record, s, provider, sets, config.owner)).toEqual(
          planRecord(record, structuredClone(s), provider, structuredClone(sets), config.owner),
        );
      }),
    );
  });

  it('P7: failures below failureThreshold in a row never move a record', async () => {
    // Sequences of primary probe results whose runs of failures stay shorter than the threshold (3).
    const noisy = fc
      .array(fc.boolean(), { minLength: 5, maxLength: 40 })
      .filter((seq) => !seq.join(',').includes('false,false,false'));
    await fc.assert(
      fc.asyncProperty(noisy, async (seq) => {
        const plane = new TestPlane(testConfig({ providers: ['route53'] }));
        for (const up of seq) {
          plane.prober.set('pool0-health', up);
          await plane.tick();
          plane.clock.advance(30_000);
        }
        expect(plane.store.data.transitions).toEqual([]);
        expect(plane.record('route53')!.values).toEqual(['192.0.2.10']);
      }),
      { numRuns: 40 },
    );
  });

  it('P1: racing ticks record at most one transition per epoch and no ping-pong', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 4 })), { minLength: 3, maxLength: 12 }),
        async (steps) => {
          const plane = new TestPlane(testConfig({ providers: ['route53', 'cloudflare'] }));
          for (const [up, racers] of steps) {
            plane.prober.set('pool0-health', up);
            await Promise.all(Array.from({ length: racers }, () => plane.tick()));
            plane.clock.advance(30_000);
          }
          const epochs = plane.store.data.transitions.map((t) => t.epoch);
          expect(new Set(epochs).size).toBe(epochs.length);
          expect(epochs).toEqual(epochs.map((_, i) => i + 1));
          // Never two transitions in the same 30 s round.
          const ats = plane.store.data.transitions.map((t) => t.at);
          expect(new Set(ats).size).toBe(ats.length);
        },
      ),
      { numRuns: 30 },
    );
  });
});
