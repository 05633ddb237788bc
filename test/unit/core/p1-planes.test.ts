/**
 * P1 across planes: two planes sharing the providers, each with its own store, running ticks and manual
 * actions that race in either order. However they interleave, an id record#N means one transition: no
 * two stores record different pools under the same id.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ZoneSpec } from '../../../functions/core/config/model';
import { dispatch } from '../../../functions/core/dispatch';
import { InputError, UnsafePlanError } from '../../../functions/core/errors';
import type { DnsProvider } from '../../../functions/core/ports';
import type { Change, PlaneId, Transition } from '../../../functions/core/types';
import { testConfig, VirtualClock } from '../../helpers/fakes';
import { memoryProviders, TestPlane } from '../../helpers/plane';

const config = testConfig({ pools: 3, failback: { mode: 'manual' } });

/** Yields to the other plane a scripted number of times before each provider call. */
function yielding(inner: DnsProvider, script: readonly number[]): DnsProvider {
  let call = 0;
  const pause = async () => {
    const n = script[call++ % script.length] ?? 0;
    for (let i = 0; i < n; i++) await Promise.resolve();
  };
  return {
    name: inner.name,
    capabilities: inner.capabilities,
    read: async (zone: ZoneSpec) => {
      await pause();
      return inner.read(zone);
    },
    apply: async (zone: ZoneSpec, changes: readonly Change[]) => {
      await pause();
      return inner.apply(zone, changes);
    },
  };
}

function twoPlanes(script: readonly number[]) {
  const clock = new VirtualClock();
  const shared = memoryProviders();
  const plane = (id: PlaneId, offset: number) => {
    const providers = {
      route53: yielding(shared.route53, script.slice(offset)),
      cloudflare: yielding(shared.cloudflare, script.slice(offset + 1)),
    };
    return new TestPlane(config, clock, providers as never, id);
  };
  return { clock, planes: [plane('aws', 0), plane('cloudflare', 2)] as const };
}

const manual = fc.oneof(
  fc.record({
    action: fc.constant('failover'),
    record: fc.constant('app.example.com'),
    pool: fc.constantFrom('primary', 'secondary', 'tertiary'),
    force: fc.constant(true),
  }),
  fc.record({ action: fc.constant('failover'), record: fc.constant('app.example.com') }),
  fc.record({
    action: fc.constant('failback'),
    record: fc.constant('app.example.com'),
    force: fc.constant(true),
  }),
  fc.record({
    action: fc.constant('pin'),
    record: fc.constant('app.example.com'),
    pool: fc.constantFrom('primary', 'secondary', 'tertiary'),
  }),
  fc.record({ action: fc.constant('unpin'), record: fc.constant('app.example.com') }),
);

const step = fc.record({
  down: fc.subarray(['pool0-health', 'pool1-health', 'pool2-health']),
  /** Which plane ticks and which one takes the manual action; the tick starts first when true. */
  tickOn: fc.constantFrom(0, 1),
  manualOn: fc.constantFrom(0, 1),
  tickFirst: fc.boolean(),
  request: fc.option(manual, { nil: undefined }),
});

async function runManual(plane: TestPlane, request: Record<string, unknown>) {
  try {
    await dispatch(plane.deps, request, 'operator');
  } catch (error) {
    // Refused actions (a pinned record, an unhealthy pool, a gate) write nothing: not what is tested.
    if (!(error instanceof InputError) && !(error instanceof UnsafePlanError)) throw error;
  }
}

describe('P1 across two planes, ticks and manual actions racing', () => {
  it('never records two different transitions under one id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 3, maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 8, maxLength: 8 }),
        async (steps, script) => {
          const { clock, planes } = twoPlanes(script);
          for (const s of steps) {
            for (const p of planes)
              for (const check of ['pool0-health', 'pool1-health', 'pool2-health'])
                p.prober.set(check, !s.down.includes(check));
            const tick = () => planes[s.tickOn]!.tick();
            const act = () => (s.request ? runManual(planes[s.manualOn]!, s.request) : Promise.resolve());
            await Promise.all(s.tickFirst ? [tick(), act()] : [act(), tick()]);
            clock.advance(30_000);
          }
          const byId = new Map<string, Transition>();
          for (const p of planes) {
            for (const t of p.store.data.transitions) {
              const seen = byId.get(t.id);
              if (seen) expect({ id: t.id, to: t.to }).toEqual({ id: seen.id, to: seen.to });
              else byId.set(t.id, t);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
