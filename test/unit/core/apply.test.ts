/**
 * A mass failover through the real Route 53 and Cloudflare adapters: one apply per provider zone, so
 * the provider calls follow the batch limits, not the record count; a record that loses its race on
 * one provider is failed alone.
 */
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../functions/adapters/memory/store';
import { LIMITS } from '../../../functions/adapters/route53/batch';
import { Route53DnsProvider } from '../../../functions/adapters/route53/provider';
import { type PlaneDeps, runTick, type TickReport } from '../../../functions/core/tick';
import { type FakeHarness, startFake } from '../../fakes/cloudflare/harness';
import { InstantClock } from '../../helpers/aws';
import { fakeRoute53 } from '../../helpers/aws-fakes';
import { ScriptedProber, testConfig, VirtualClock } from '../../helpers/fakes';

let h: FakeHarness;
let r53: ReturnType<typeof fakeRoute53> | undefined;
beforeAll(async () => {
  h = await startFake();
});
afterAll(() => h.server.close());
beforeEach(() => h.fake.reset());
afterEach(() => r53?.mock.restore());

function plane(records: number) {
  r53 = fakeRoute53();
  const clock = new VirtualClock();
  const prober = new ScriptedProber();
  const store = new MemoryStateStore();
  const deps: PlaneDeps = {
    config: testConfig({ records, maxChangesPerTick: 10 * records }),
    plane: 'aws',
    store,
    providers: {
      route53: new Route53DnsProvider({ api: r53.api, clock: new InstantClock() }),
      cloudflare: h.provider(),
    },
    prober,
    clock,
  };
  const fake = r53;
  const counts = () => ({
    r53Writes: fake.mock.commandCalls(ChangeResourceRecordSetsCommand).length,
    r53Pages: fake.mock.commandCalls(ListResourceRecordSetsCommand).length,
    cfWrites: h.fake.apiCalls('POST').length,
    cfReads: h.fake.apiCalls('GET').length,
    commits: store.calls.commitMany,
  });
  /** One tick, with the provider and store calls it made. */
  const tick = async () => {
    const before = counts();
    const report = await runTick(deps);
    clock.advance(30_000);
    const after = counts();
    const delta = Object.fromEntries(
      Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
    ) as ReturnType<typeof counts>;
    return { report, calls: delta };
  };
  return { r53: fake, prober, store, tick };
}

const transitions = (report: TickReport) => report.events.filter((e) => e.type === 'transition');

/** Ticks with the primary down until the tick that moves records (the third: failureThreshold 3). */
async function failover(p: ReturnType<typeof plane>, beforeLast?: () => void) {
  p.prober.set('pool0-health', false);
  for (let i = 0; i < 2; i++) {
    const { report } = await p.tick();
    expect(transitions(report)).toEqual([]);
  }
  beforeLast?.();
  return p.tick();
}

describe('a mass failover over the real adapters', () => {
  it('moves 1,000 records in ceil(n / per batch) writes, one zone read and one commitMany per tick', async () => {
    const n = 1_000;
    const p = plane(n);
    const created = await p.tick();
    // Creating a record is 2 Changes on Route 53 (its set and its marker) and 2 posts on Cloudflare;
    // the initial state is not committed (nothing moved).
    expect(created.calls).toEqual({
      r53Writes: Math.ceil(n / (LIMITS.changes / 2)),
      r53Pages: 1,
      cfWrites: Math.ceil((2 * n) / 200),
      cfReads: 1,
      commits: 0,
    });
    const { report, calls } = await failover(p);
    expect(transitions(report)).toHaveLength(n);
    expect(report.records.every((r) => r.committed && r.activePool === 'secondary')).toBe(true);
    // A failover is 3 Changes a record on Route 53 (UPSERT, DELETE + CREATE of the marker), each record
    // whole in one ChangeBatch of at most 100: 33 a batch; 3 operations on Cloudflare: 66 a batch of 200.
    // One zone read is one ListResourceRecordSets page per 300 record sets (a record and its marker).
    expect(calls).toEqual({
      r53Writes: Math.ceil(n / Math.floor(LIMITS.changes / 3)),
      r53Pages: Math.ceil((2 * n) / 300),
      cfWrites: Math.ceil(n / Math.floor(200 / 3)),
      cfReads: 1,
      commits: 1,
    });
    expect(p.store.data.transitions.filter((t) => t.kind === 'failover')).toHaveLength(n);
    expect(p.r53.zone.get('app999.example.com.|A')?.ResourceRecords).toEqual([{ Value: '192.0.2.11' }]);
    const steady = await p.tick();
    expect(steady.calls).toMatchObject({ r53Writes: 0, cfWrites: 0, cfReads: 1, commits: 0 });
  });

  it('does not commit, nor write to Cloudflare, a record whose Route 53 marker moved; the others move', async () => {
    const n = 100;
    const p = plane(n);
    await p.tick();
    const { report, calls } = await failover(p, () => {
      // Another writer moves record 7's marker right after this tick reads the zone.
      p.r53.hooks.afterRead = () => {
        const name = '_twinplane-a.app7.example.com.|TXT';
        const held = p.r53.zone.get(name)!;
        const value = held.ResourceRecords![0]!.Value!.replace('epoch=0', 'epoch=1');
        p.r53.zone.set(name, { ...held, ResourceRecords: [{ Value: value }] });
      };
    });
    const lost = report.records.find((r) => r.record === 'app7.example.com/A')!;
    expect(lost.committed).toBe(false);
    expect(lost.reason).toMatch(/^lost a race/);
    expect(lost.providers.map((o) => [o.provider, o.applied])).toEqual([
      ['route53', false],
      ['cloudflare', false],
    ]);
    expect(report.events).toContainEqual(expect.objectContaining({ type: 'conflict', record: lost.record }));
    const moved = report.records.filter((r) => r.record !== lost.record);
    expect(moved).toHaveLength(n - 1);
    expect(moved.every((r) => r.committed && r.providers.every((o) => o.applied))).toBe(true);
    expect(p.store.data.records[lost.record]).toBeUndefined();
    expect(transitions(report)).toHaveLength(n - 1);
    // The refused batch is sent again without record 7, after one more read to tell who lost.
    expect(calls.r53Writes).toBe(Math.ceil(n / 33) + 1);
    expect(calls.cfWrites).toBe(Math.ceil((n - 1) / 66));
    expect(calls.commits).toBe(1);
  });
});
