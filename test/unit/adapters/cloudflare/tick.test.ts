import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../../functions/adapters/memory/store';
import { parseConfig } from '../../../../functions/core/config/validate';
import { type PlaneDeps, runTick } from '../../../../functions/core/tick';
import { type FakeHarness, startFake, ZONE_ID } from '../../../fakes/cloudflare/harness';
import { ScriptedProber, VirtualClock } from '../../../helpers/fakes';

const config = parseConfig({
  owner: 'test',
  planes: { leader: 'cloudflare' },
  providers: { cloudflare: { zoneId: ZONE_ID } },
  checks: {
    primary: { http: { url: 'https://primary.example.com/health' }, failureThreshold: 2 },
    secondary: { http: { url: 'https://secondary.example.com/health' } },
  },
  records: [
    {
      name: 'app.example.com',
      type: 'A',
      providers: ['cloudflare'],
      pools: [
        { name: 'primary', values: ['192.0.2.10'], checks: ['primary'] },
        { name: 'secondary', values: ['198.51.100.7'], checks: ['secondary'], cloudflare: { proxied: true } },
      ],
    },
  ],
});

let h: FakeHarness;
beforeAll(async () => {
  h = await startFake();
});
afterAll(() => h.server.close());
beforeEach(() => h.fake.reset());

function plane() {
  const prober = new ScriptedProber();
  const clock = new VirtualClock();
  const store = new MemoryStateStore();
  const deps: PlaneDeps = {
    config,
    plane: 'cloudflare',
    store,
    providers: { cloudflare: h.provider() },
    prober,
    clock,
  };
  const tick = async () => {
    const report = await runTick(deps);
    clock.advance(30_000);
    return report;
  };
  return { prober, store, tick };
}

const zoneRecords = () =>
  [...h.fake.zone(ZONE_ID).records.values()]
    .map((r) => `${r.name} ${r.type} ${r.ttl} ${r.proxied ? 'proxied' : 'dns-only'} ${r.content}`)
    .sort();

describe('the core tick on the Cloudflare provider', () => {
  it('creates, fails over onto the proxied pool, and then writes nothing while health holds', async () => {
    const p = plane();
    await p.tick();
    expect(zoneRecords()).toEqual([
      '_twinplane-a.app.example.com TXT 300 dns-only "heritage=twinplane,owner=test,record=app.example.com/A,pool=primary,epoch=0,plane=cloudflare"',
      'app.example.com A 300 dns-only 192.0.2.10',
    ]);
    p.prober.set('primary', false);
    await p.tick();
    const swapped = await p.tick();
    expect(swapped.records[0]).toMatchObject({ activePool: 'secondary', epoch: 1, committed: true });
    expect(zoneRecords()).toEqual([
      '_twinplane-a.app.example.com TXT 300 dns-only "heritage=twinplane,owner=test,record=app.example.com/A,pool=secondary,epoch=1,plane=cloudflare"',
      'app.example.com A 1 proxied 198.51.100.7',
    ]);
    const writes = h.fake.apiCalls('POST').length;
    await p.tick();
    await p.tick();
    expect(h.fake.apiCalls('POST')).toHaveLength(writes);
    expect(p.store.data.transitions.map((t) => t.kind)).toEqual(['failover']);
  });

  it('stops at a 429 beyond the budget without committing, and swaps on the next tick', async () => {
    const p = plane();
    await p.tick();
    p.prober.set('primary', false);
    await p.tick();
    h.fake.faults.push({ status: 429, code: 971, message: 'Please wait', retryAfter: 300, on: 'write' });
    const throttled = await p.tick();
    expect(throttled.records[0]).toMatchObject({ committed: false });
    expect(throttled.events).toContainEqual(
      expect.objectContaining({ type: 'apply-failed', provider: 'cloudflare', retryable: true }),
    );
    const next = await p.tick();
    expect(next.records[0]).toMatchObject({ activePool: 'secondary', committed: true });
  });
});
