/**
 * Split brain between two planes under independent faults: each plane sees its own health, may fail
 * to read the other's beacon (so both hold authority), and may be cut off from a provider or have its
 * writes to one refused. Two planes that each committed their own transition at one epoch must end on
 * one: once the providers answer and the planes see the same health, both providers hold one pool
 * under one marker, every plane that applies holds it, and its epoch has one transition among them
 * (the loser of a tie adopts the winner's, superseding its own).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ZoneSpec } from '../../../functions/core/config/model';
import { ProviderError } from '../../../functions/core/errors';
import { findMarker } from '../../../functions/core/ownership';
import type { DnsProvider, PeerReader } from '../../../functions/core/ports';
import type { TickReport } from '../../../functions/core/tick';
import type { Change, PlaneId, ProviderName } from '../../../functions/core/types';
import { testConfig, VirtualClock } from '../../helpers/fakes';
import { memoryProviders, TestPlane } from '../../helpers/plane';

const config = testConfig({ pools: 3, failback: { mode: 'manual' } });
const CHECKS = ['pool0-health', 'pool1-health', 'pool2-health'];
const RECORD = 'app.example.com/A';
type Cloud = 'route53' | 'cloudflare';

/** What one plane suffers in one step. */
interface Faults {
  /** Its reads of these providers fail (503). */
  unreachable: Cloud[];
  /** Its writes to these providers are refused (429). */
  refused: Cloud[];
  /** Its read of the other plane's beacon fails. */
  blind: boolean;
}

/** The shared provider as one plane reaches it: its reads or writes failing while its faults say so. */
function reach(inner: DnsProvider, faults: () => Faults, yields: () => number): DnsProvider {
  const pause = async () => {
    for (let i = yields(); i > 0; i--) await Promise.resolve();
  };
  return {
    name: inner.name,
    capabilities: inner.capabilities,
    read: async (zone: ZoneSpec) => {
      await pause();
      if (faults().unreachable.includes(inner.name as Cloud))
        throw new ProviderError(inner.name as ProviderName, 'API unreachable (503)', {
          retryable: true,
          code: 'ServiceUnavailable',
        });
      return inner.read(zone);
    },
    apply: async (zone: ZoneSpec, changes: readonly Change[]) => {
      await pause();
      const f = faults();
      if (f.refused.includes(inner.name as Cloud) || f.unreachable.includes(inner.name as Cloud))
        throw new ProviderError(inner.name as ProviderName, 'throttled (429)', {
          retryable: true,
          code: 'Throttling',
        });
      return inner.apply(zone, changes);
    },
  };
}

function world(script: readonly number[]) {
  const clock = new VirtualClock();
  const shared = memoryProviders();
  const faults: Record<PlaneId, Faults> = {
    aws: { unreachable: [], refused: [], blind: false },
    cloudflare: { unreachable: [], refused: [], blind: false },
    local: { unreachable: [], refused: [], blind: false },
  };
  let call = 0;
  const yields = () => script[call++ % script.length] ?? 0;
  const planes = new Map<PlaneId, TestPlane>();
  const reader = (self: PlaneId, peer: PlaneId): PeerReader => ({
    plane: peer,
    read: async () => {
      if (faults[self].blind) throw new Error(`${peer} beacon unreachable`);
      return planes.get(peer)!.store.loadBeacon(peer);
    },
  });
  for (const [id, peer] of [
    ['aws', 'cloudflare'],
    ['cloudflare', 'aws'],
  ] as const) {
    const providers = {
      route53: reach(shared.route53, () => faults[id], yields),
      cloudflare: reach(shared.cloudflare, () => faults[id], yields),
    };
    planes.set(id, new TestPlane(config, clock, providers as never, id, [reader(id, peer)]));
  }
  return { clock, shared, faults, planes: [planes.get('aws')!, planes.get('cloudflare')!] as const };
}

const planeStep = fc.record({
  refused: fc.constantFrom<Cloud[]>([], [], [], ['route53'], ['cloudflare']),
  /** A flake of the beacon read on top of the run's blindness. */
  flake: fc.boolean(),
});
const step = fc.record({
  aws: planeStep,
  cloudflare: planeStep,
  /** Both planes tick at once (their reads and writes interleave), or one after the other. */
  together: fc.boolean(),
  awsFirst: fc.boolean(),
});
/** Down checks as one plane sees them; most runs have the primary down, often a second pool too. */
const view: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 1, arbitrary: fc.subarray(CHECKS) },
  { weight: 2, arbitrary: fc.constantFrom<string[]>(['pool0-health'], ['pool0-health', 'pool1-health']) },
);
/** A provider one plane cannot reach at all for the whole faulty phase. */
const cutOff = fc.constantFrom<Cloud[]>([], ['route53'], ['cloudflare']);
const run = fc.record({
  /** What each plane sees for the whole faulty phase. */
  awsDown: view,
  cloudflareDown: view,
  awsCutOff: cutOff,
  cloudflareCutOff: cutOff,
  /** Which planes cannot read the other's beacon for the whole faulty phase. */
  blind: fc.constantFrom<PlaneId[]>(
    [],
    ['aws'],
    ['cloudflare'],
    ['aws', 'cloudflare'],
    ['aws', 'cloudflare'],
  ),
  steps: fc.array(step, { minLength: 3, maxLength: 10 }),
  script: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }),
});

/** The pools recorded for `epoch` by these planes, leaving out those a plane superseded by adopting another. */
function recordedAt(epoch: number, planes: readonly TestPlane[], reports: Map<TestPlane, TickReport[]>) {
  const pools = new Set<string>();
  for (const p of planes) {
    const superseded = new Set<string>();
    for (const r of reports.get(p) ?? [])
      for (const e of r.events)
        if (e.type === 'transition' && e.transition.epoch === epoch && e.transition.superseded !== undefined)
          superseded.add(e.transition.superseded);
    for (const t of p.store.data.transitions) if (t.epoch === epoch && !superseded.has(t.to)) pools.add(t.to);
  }
  return [...pools].sort();
}

describe('split brain under independent faults', () => {
  it('ends a split epoch on one transition, held by both providers and every plane that applies', async () => {
    await fc.assert(
      fc.asyncProperty(run, async (r) => {
        const { clock, shared, faults, planes } = world(r.script);
        const reports = new Map<TestPlane, TickReport[]>(planes.map((p) => [p, []]));
        const tick = async (p: TestPlane) => reports.get(p)!.push(await p.tick());
        const see = (p: TestPlane, down: readonly string[]) => {
          for (const check of CHECKS) p.prober.set(check, !down.includes(check));
        };
        see(planes[0], r.awsDown);
        see(planes[1], r.cloudflareDown);
        for (const s of r.steps) {
          for (const id of ['aws', 'cloudflare'] as const)
            faults[id] = {
              unreachable: id === 'aws' ? r.awsCutOff : r.cloudflareCutOff,
              refused: s[id].refused,
              blind: r.blind.includes(id) || s[id].flake,
            };
          const [a, b] = s.awsFirst ? planes : ([planes[1], planes[0]] as const);
          if (s.together) await Promise.all([tick(a), tick(b)]);
          else {
            await tick(a);
            await tick(b);
          }
          clock.advance(30_000);
        }
        // The providers answer again and both planes see down only what both saw down (so the pools
        // they split on are both healthy, and only the tie decides); a plane that could not read the
        // other's beacon still cannot (so a follower that took over keeps applying).
        const common = r.awsDown.filter((c) => r.cloudflareDown.includes(c));
        for (const p of planes) see(p, common);
        for (const id of ['aws', 'cloudflare'] as const)
          faults[id] = { unreachable: [], refused: [], blind: r.blind.includes(id) };
        for (let i = 0; i < 8; i++) {
          await tick(planes[0]);
          await tick(planes[1]);
          clock.advance(30_000);
        }

        const record = config.records[0]!;
        const held = [
          [shared.route53, 'Z0123456789ABC'],
          [shared.cloudflare, '0123456789abcdef0123456789abcdef'],
        ].map(([provider, zone]) => {
          const sets = (provider as typeof shared.route53).records(zone as string);
          const marker = findMarker(record, sets)?.marker;
          const values = sets.find((x) => x.name === record.name && x.type === 'A')?.values;
          return { pool: marker?.pool ?? 'primary', epoch: marker?.epoch ?? 0, values };
        });
        // Both providers hold one pool under one marker.
        expect(held[1]).toEqual(held[0]);
        const { pool, epoch } = held[0]!;
        expect(held[0]!.values).toEqual(record.pools.find((x) => x.name === pool)?.values);
        // Every plane that applies (the leader always does) holds that marker as its state, and the
        // marker's epoch has one transition among them. A follower without authority commits nothing, so
        // it may still hold what it committed while it had authority; it is never ahead of the marker.
        const applying = planes.filter((p) => reports.get(p)!.at(-1)!.authority.applies);
        expect(applying).toContain(planes[0]);
        for (const p of planes) {
          const state = p.store.data.records[RECORD]?.value;
          const at = { pool: state?.activePool ?? 'primary', epoch: state?.epoch ?? 0 };
          if (applying.includes(p)) expect(at).toEqual({ pool, epoch });
          else expect(at.epoch).toBeLessThanOrEqual(epoch);
        }
        if (epoch > 0) expect(recordedAt(epoch, applying, reports)).toEqual([pool]);
      }),
      {
        numRuns: 100,
        // The reported sequence: both planes blind to each other, AWS sees the primary and the secondary
        // down, the Worker only the primary; AWS's Cloudflare writes and the Worker's Route 53 writes are
        // throttled, so AWS commits tertiary@1 and the Worker secondary@1.
        examples: [
          [
            {
              awsDown: ['pool0-health', 'pool1-health'],
              cloudflareDown: ['pool0-health'],
              awsCutOff: [] as Cloud[],
              cloudflareCutOff: [] as Cloud[],
              blind: ['aws', 'cloudflare'],
              steps: Array.from({ length: 4 }, () => ({
                aws: { refused: ['cloudflare'] as Cloud[], flake: false },
                cloudflare: { refused: ['route53'] as Cloud[], flake: false },
                together: true,
                awsFirst: true,
              })),
              script: [0, 0, 0, 0, 0, 0],
            },
          ],
        ],
      },
    );
  });
});
