import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MemoryDnsProvider } from '../../../functions/adapters/memory/dns';
import { zoneDrift } from '../../../functions/core/drift';
import type { CoreEvent, RecordSet } from '../../../functions/core/types';
import { startLocalPlane } from '../../../functions/local/plane';
import { InstantClock } from '../../helpers/aws';
import { ScriptedProber, testConfig } from '../../helpers/fakes';
import { TestPlane, ZONE_CF, ZONE_R53 } from '../../helpers/plane';

const MARKER = '_twinplane-a.app.example.com';
const marker = (pool: string, epoch: number, owner = 'test', plane = 'cloudflare') =>
  `heritage=twinplane,owner=${owner},record=app.example.com/A,pool=${pool},epoch=${epoch},plane=${plane}`;

/** Replaces (or, with `undefined`, removes) one record set of a memory provider's zone. */
function put(
  provider: MemoryDnsProvider,
  zone: string,
  name: string,
  type: string,
  next?: Partial<RecordSet>,
) {
  const sets = (provider.zones.get(zone) ?? []).filter((s) => !(s.name === name && s.type === type));
  const held = provider.find(zone, name, type);
  if (next) sets.push({ ...(held ?? { name, type, ttl: 300, values: [] }), ...next });
  provider.zones.set(zone, sets);
}

const drift = (events: CoreEvent[]) =>
  events.flatMap((e) => (e.type === 'drift' ? [`${e.provider}: ${e.detail}`] : []));

describe('drift of the managed records', () => {
  // The third column is what the next drift tick still sees: the tick repairs the rest itself.
  it.each<[string, (p: TestPlane) => void, string[], string[]?]>([
    ['none after a clean tick', () => {}, []],
    [
      'a value edited on one provider',
      (p) => put(p.providers.cloudflare, ZONE_CF, 'app.example.com', 'A', { values: ['192.0.2.99'] }),
      ['cloudflare: holds 192.0.2.99 where pool primary (epoch 0) is 192.0.2.10'],
    ],
    [
      'a TTL edited',
      (p) => put(p.providers.route53, ZONE_R53, 'app.example.com', 'A', { ttl: 30 }),
      ['route53: ttl 30 where pool primary (epoch 0) has 300'],
    ],
    [
      'a record set deleted',
      (p) => put(p.providers.cloudflare, ZONE_CF, 'app.example.com', 'A'),
      ['cloudflare: no A record set at app.example.com; pool primary (epoch 0) is 192.0.2.10'],
    ],
    [
      'a marker deleted',
      (p) => put(p.providers.route53, ZONE_R53, MARKER, 'TXT'),
      ['route53: its ownership marker is missing'],
      // Without its marker the record set is foreign to the tick, so it stays as it is.
      ['route53: its ownership marker is missing'],
    ],
    [
      'one provider a transition ahead of the other (a partial apply)',
      (p) => {
        put(p.providers.route53, ZONE_R53, 'app.example.com', 'A', { values: ['192.0.2.11'], ttl: 60 });
        put(p.providers.route53, ZONE_R53, MARKER, 'TXT', { values: [marker('secondary', 1)] });
      },
      [
        'cloudflare: holds 192.0.2.10 where pool secondary (epoch 1) is 192.0.2.11; ttl 300 where pool secondary (epoch 1) has 60; its marker says pool primary at epoch 0',
      ],
    ],
    [
      'not a record set another owner holds (the tick reports those as foreign)',
      (p) => {
        put(p.providers.cloudflare, ZONE_CF, MARKER, 'TXT', {
          values: [marker('primary', 0, 'someone-else')],
        });
        put(p.providers.cloudflare, ZONE_CF, 'app.example.com', 'A', { values: ['203.0.113.1'] });
      },
      [],
    ],
  ])('%s', async (_name, mutate, expected, after = []) => {
    const plane = new TestPlane(testConfig());
    await plane.tick();
    mutate(plane);
    expect(drift((await plane.tick({ drift: true })).events)).toEqual(expected);
    expect(drift((await plane.tick({ drift: true })).events)).toEqual(after);
  });

  it('is not checked unless asked', async () => {
    const plane = new TestPlane(testConfig());
    await plane.tick();
    put(plane.providers.cloudflare, ZONE_CF, 'app.example.com', 'A', { values: ['192.0.2.99'] });
    expect(drift((await plane.tick()).events)).toEqual([]);
  });

  it('skips providers whose zone could not be read, and records nothing has been written to', () => {
    const config = testConfig();
    const reads = new Map<string, RecordSet[] | Error>([
      [`route53:${ZONE_R53}`, new Error('throttled')],
      [`cloudflare:${ZONE_CF}`, []],
    ]);
    expect(zoneDrift({ config, reads, now: 1 })).toEqual([]);
  });

  it('runs on the local plane on its first tick and every driftEvery ticks after', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'twinplane-drift-'));
    const drifted = [
      { name: 'app.example.com', type: 'A', ttl: 300, values: ['192.0.2.99'] },
      { name: MARKER, type: 'TXT', ttl: 300, values: [marker('primary', 0)] },
    ];
    await writeFile(join(dir, 'zones.json'), JSON.stringify({ 'example.com': drifted }));
    const plane = await startLocalPlane({
      config: testConfig({ providers: ['local'] }),
      stateDir: dir,
      dnsPort: 0,
      clock: new InstantClock(),
      prober: new ScriptedProber(),
      driftEvery: 3,
    });
    const checked: number[] = [];
    const controller = new AbortController();
    let n = 0;
    try {
      // A dry run writes nothing, so the drift stays for every tick to see.
      await plane.run(
        controller.signal,
        (report) => {
          if (drift(report.events).length > 0) checked.push(n);
          if (++n === 7) controller.abort();
        },
        { dryRun: true },
      );
    } finally {
      await plane.close();
      await rm(dir, { recursive: true, force: true });
    }
    expect(checked).toEqual([0, 3, 6]);
  });
});

describe('driftDue', () => {
  it.each([
    [0, true],
    [59_999, true],
    [60_000, false],
    [9 * 60_000 + 59_999, false],
    [10 * 60_000, true],
    [Date.UTC(2026, 0, 1, 12, 30, 15), true],
    [Date.UTC(2026, 0, 1, 12, 31, 15), false],
  ])('at %i ms: %s', async (now, due) => {
    const { driftDue } = await import('../../../functions/core/drift');
    expect(driftDue(now)).toBe(due);
  });
});
