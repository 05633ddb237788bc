/**
 * A steady tick allocates per record only what differs between records: records already in sync share
 * one frozen outcome per provider zone, and the empty change and event lists are shared. What a record
 * does have to change gets objects of its own.
 */
import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../../functions/adapters/memory/dns';
import { MemoryStateStore } from '../../../functions/adapters/memory/store';
import { decide, initialState } from '../../../functions/core/decide';
import { planRecord } from '../../../functions/core/plan';
import { type PlaneDeps, runTick } from '../../../functions/core/tick';
import { NO_CHANGES, NO_EVENTS } from '../../../functions/core/types';
import { ScriptedProber, testConfig, VirtualClock } from '../../helpers/fakes';

function plane(records: number) {
  const clock = new VirtualClock();
  const route53 = new MemoryDnsProvider({ name: 'route53' });
  const cloudflare = new MemoryDnsProvider({ name: 'cloudflare' });
  const deps: PlaneDeps = {
    config: testConfig({ records }),
    plane: 'aws',
    store: new MemoryStateStore(),
    providers: { route53, cloudflare },
    prober: new ScriptedProber(),
    clock,
  };
  const tick = async () => {
    const report = await runTick(deps);
    clock.advance(30_000);
    return report;
  };
  return { deps, route53, cloudflare, tick };
}

describe('a steady tick', () => {
  it('gives records in sync one frozen outcome per provider zone and the shared empty lists', async () => {
    const p = plane(3);
    await p.tick(); // creates
    const report = await p.tick();
    expect(report.events).toEqual([]);
    const [a, b, c] = report.records;
    for (let i = 0; i < 2; i++) {
      const outcome = a!.providers[i]!;
      expect(b!.providers[i]).toBe(outcome);
      expect(c!.providers[i]).toBe(outcome);
      expect(Object.isFrozen(outcome)).toBe(true);
      expect(outcome.changes).toBe(NO_CHANGES);
      expect(outcome).toMatchObject({ applied: false });
      expect(() => {
        (outcome as { applied: boolean }).applied = true;
      }).toThrow(TypeError);
    }
    expect(a!.providers.map((o) => o.provider)).toEqual(['route53', 'cloudflare']);
    expect(a!.providers[0]).not.toBe(a!.providers[1]);
  });

  it('gives a record with something to change outcomes of its own, beside records that share', async () => {
    const p = plane(3);
    await p.tick();
    // One record's values changed by hand on Route 53: only it is rewritten.
    const zoneId = p.deps.config.providers.route53!.zones[0]!.id;
    const sets = p.route53.zones.get(zoneId)!;
    const i = sets.findIndex((s) => s.name === 'app1.example.com' && s.type === 'A');
    p.route53.zones.set(
      zoneId,
      sets.map((s, j) => (j === i ? { ...s, values: ['198.51.100.7'] } : s)),
    );
    const report = await p.tick();
    const [a, drifted, c] = report.records;
    const own = drifted!.providers[0]!;
    expect(Object.isFrozen(own)).toBe(false);
    expect(own).toMatchObject({ provider: 'route53', applied: true });
    expect(own.changes.map((ch) => `${ch.kind} ${ch.role}`)).toEqual(['update record']);
    expect(a!.providers[0]).toBe(c!.providers[0]);
    expect(a!.providers[0]).not.toBe(own);
    // Its Cloudflare side was in sync: shared with the others.
    expect(drifted!.providers[1]).toBe(a!.providers[1]);
    expect(p.route53.find(zoneId, 'app1.example.com', 'A')?.values).toEqual(['192.0.2.10']);
  });
});

describe('the shared empty lists', () => {
  const config = testConfig({ records: 1 });
  const record = config.records[0]!;

  it('are what a plan in sync and a decision to stay carry, and cannot be added to', () => {
    const state = initialState(record, 'aws');
    const stay = decide({ record, state, pools: {}, now: 1_000, plane: 'aws' });
    expect(stay.events).toBe(NO_EVENTS);
    const created = planRecord(record, state, 'route53', [], 'test');
    expect(created.changes).toHaveLength(2);
    const zone = created.changes.map((ch) => (ch.kind === 'delete' ? ch.prev : ch.next));
    expect(planRecord(record, state, 'route53', zone, 'test').changes).toBe(NO_CHANGES);
    expect(() => (NO_CHANGES as unknown[]).push(1)).toThrow(TypeError);
    expect(() => (NO_EVENTS as unknown[]).push(1)).toThrow(TypeError);
  });
});
