import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../functions/core/errors';
import { markerValue } from '../../../../functions/core/ownership';
import type { Change, RecordSet } from '../../../../functions/core/types';
import { type FakeHarness, startFake, ZONE_ID } from '../../../fakes/cloudflare/harness';

const zone = { id: ZONE_ID, domain: 'example.com' };
const N = 250;
const key = (i: number) => `app${i}.example.com/A`;
const a = (i: number, value: string, ttl: number): RecordSet => ({
  name: `app${i}.example.com`,
  type: 'A',
  ttl,
  values: [value],
  proxied: false,
});
const marker = (i: number, epoch: number, pool: string): RecordSet => ({
  name: `_twinplane-a.app${i}.example.com`,
  type: 'TXT',
  ttl: 300,
  values: [markerValue('test', key(i), { activePool: pool, epoch, plane: 'aws' })],
  proxied: false,
});
const create = (i: number): Change[] => [
  { kind: 'create', role: 'record', record: key(i), next: a(i, '192.0.2.10', 300) },
  { kind: 'create', role: 'marker', record: key(i), next: marker(i, 0, 'primary') },
];
const failover = (i: number): Change[] => [
  {
    kind: 'update',
    role: 'record',
    record: key(i),
    prev: a(i, '192.0.2.10', 300),
    next: a(i, '192.0.2.11', 60),
  },
  {
    kind: 'update',
    role: 'marker',
    record: key(i),
    prev: marker(i, 0, 'primary'),
    next: marker(i, 1, 'secondary'),
  },
];
const all = (f: (i: number) => Change[]) => Array.from({ length: N }, (_, i) => f(i)).flat();

let h: FakeHarness;
beforeAll(async () => {
  h = await startFake();
});
afterAll(() => h.server.close());
beforeEach(() => h.fake.reset());

describe('CloudflareDnsProvider.apply over many records', () => {
  it('batches at most 200 operations, each record whole, and lists the zone once across applies', async () => {
    const provider = h.provider();
    await provider.read(zone);
    await provider.apply(zone, all(create));
    // A create is 2 posts a record: 100 records a batch.
    expect(h.fake.apiCalls('POST')).toHaveLength(Math.ceil((N * 2) / 200));
    await provider.apply(zone, all(failover));
    // A failover is 1 patch + 1 delete + 1 post a record: 66 records a batch.
    expect(h.fake.apiCalls('POST')).toHaveLength(Math.ceil((N * 2) / 200) + Math.ceil(N / 66));
    expect(h.fake.apiCalls('GET')).toHaveLength(1);
    const read = await provider.read(zone);
    expect(read.find((s) => s.name === 'app249.example.com')?.values).toEqual(['192.0.2.11']);
    expect(read.find((s) => s.name === '_twinplane-a.app0.example.com')).toEqual(marker(0, 1, 'secondary'));
  });

  it('sends a batch again without the record that moved under it; only that record fails', async () => {
    const provider = h.provider();
    await provider.read(zone);
    await provider.apply(zone, all(create));
    // Another writer moved record 7 on (its marker deleted and posted anew) after our apply.
    const fake = h.fake.zone(ZONE_ID);
    const old = [...fake.records.values()].find((r) => r.name === '_twinplane-a.app7.example.com')!;
    fake.remove(old.id);
    fake.seed([
      { name: old.name, type: 'TXT', content: `"${marker(7, 1, 'tertiary').values[0]}"`, ttl: 300 },
    ]);
    const result = await provider.apply(zone, all(failover));
    expect([...(result?.failed.keys() ?? [])]).toEqual([key(7)]);
    expect(result?.failed.get(key(7))).toBeInstanceOf(ConflictError);
    const read = await provider.read(zone);
    expect(read.find((s) => s.name === 'app7.example.com')?.values).toEqual(['192.0.2.10']);
    for (const i of [0, 6, 8, 100, 249])
      expect(read.find((s) => s.name === `app${i}.example.com`)?.values).toEqual(['192.0.2.11']);
  });
});

describe('CloudflareDnsProvider.apply when a batch gets no answer', () => {
  /**
   * A fetch that loses the first batch request's answer: `before` the fake sees it (the request went out
   * on a connection the server had closed), or `after` the fake applied it (the answer was lost).
   */
  const losingFirstBatch = (when: 'before' | 'after') => {
    let lost = false;
    return async (input: RequestInfo | URL, init?: RequestInit) => {
      const batch = String(input instanceof Request ? input.url : input).endsWith('/dns_records/batch');
      if (!batch || lost) return fetch(input, init);
      lost = true;
      if (when === 'after') await (await fetch(input, init)).text();
      throw new TypeError('fetch failed', { cause: new Error('other side closed') });
    };
  };

  for (const when of ['before', 'after'] as const) {
    it(`lost ${when} the API saw it: one fresh listing, what landed counts as done, the rest is sent once more`, async () => {
      const provider = h.provider();
      await provider.read(zone);
      await provider.apply(zone, all(create));
      const posts = h.fake.apiCalls('POST').length;
      const lossy = h.provider({ fetch: losingFirstBatch(when) as typeof fetch });
      await lossy.read(zone);
      const result = await lossy.apply(zone, all(failover));
      expect(result).toBeUndefined();
      // The lost batch is sent again only when the fake had not applied it; the others go once.
      const batches = Math.ceil(N / 66);
      expect(h.fake.apiCalls('POST').length - posts).toBe(batches);
      // The two providers' reads, then one fresh listing after the lost answer.
      expect(h.fake.apiCalls('GET')).toHaveLength(3);
      const read = await provider.read(zone);
      for (const i of [0, 1, 65, 66, 249]) {
        expect(read.find((s) => s.name === `app${i}.example.com`)?.values).toEqual(['192.0.2.11']);
        expect(read.find((s) => s.name === `_twinplane-a.app${i}.example.com`)).toEqual(
          marker(i, 1, 'secondary'),
        );
      }
    });
  }

  it('a batch that gets no answer twice fails its records, retryable, and nothing else', async () => {
    const provider = h.provider();
    await provider.read(zone);
    await provider.apply(zone, all(create));
    let batches = 0;
    const dead = h.provider({
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        if (
          String(input instanceof Request ? input.url : input).endsWith('/dns_records/batch') &&
          batches++ < 2
        )
          throw new TypeError('fetch failed');
        return fetch(input, init);
      }) as typeof fetch,
    });
    await dead.read(zone);
    const result = await dead.apply(zone, all(failover));
    expect([...(result?.failed.keys() ?? [])]).toEqual(Array.from({ length: 66 }, (_, i) => key(i)));
    expect((result?.failed.get(key(0)) as { retryable?: boolean } | undefined)?.retryable).toBe(true);
    const read = await provider.read(zone);
    expect(read.find((s) => s.name === 'app0.example.com')?.values).toEqual(['192.0.2.10']);
    expect(read.find((s) => s.name === 'app66.example.com')?.values).toEqual(['192.0.2.11']);
  });
});
