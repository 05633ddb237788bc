import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ProviderError } from '../../../../functions/core/errors';
import type { Change, RecordSet } from '../../../../functions/core/types';
import { type FakeHarness, InstantClock, startFake, ZONE_ID } from '../../../fakes/cloudflare/harness';

const zone = { id: ZONE_ID, domain: 'example.com' };
const NAME = 'app.example.com';
const MARKER = '_twinplane-a.app.example.com';
const a = (values: string[], ttl = 300, proxied = false): RecordSet => ({
  name: NAME,
  type: 'A',
  ttl,
  values,
  proxied,
});
const marker = (pool: string, epoch: number): RecordSet => ({
  name: MARKER,
  type: 'TXT',
  ttl: 300,
  values: [
    `heritage=twinplane,owner=test,record=app.example.com/A,pool=${pool},epoch=${epoch},plane=cloudflare`,
  ],
  proxied: false,
});
const create = (): Change[] => [
  { kind: 'create', role: 'record', record: 'app.example.com/A', next: a(['192.0.2.10']) },
  { kind: 'create', role: 'marker', record: 'app.example.com/A', next: marker('primary', 0) },
];
const swap = (): Change[] => [
  {
    kind: 'update',
    role: 'record',
    record: 'app.example.com/A',
    prev: a(['192.0.2.10']),
    next: a(['192.0.2.11'], 60),
  },
  {
    kind: 'update',
    role: 'marker',
    record: 'app.example.com/A',
    prev: marker('primary', 0),
    next: marker('secondary', 1),
  },
];
const sorted = (sets: RecordSet[]) => [...sets].sort((x, y) => x.name.localeCompare(y.name));

let h: FakeHarness;
beforeAll(async () => {
  h = await startFake();
});
afterAll(() => h.server.close());
beforeEach(() => h.fake.reset());

describe('CloudflareDnsProvider against the API fake', () => {
  it('creates a record set with its marker and reads back exactly what it wrote', async () => {
    const provider = h.provider();
    await provider.read(zone);
    await provider.apply(zone, create());
    expect(sorted(await provider.read(zone))).toEqual([marker('primary', 0), a(['192.0.2.10'])]);
    expect(h.fake.zone(ZONE_ID).records.size).toBe(2);
  });

  it('reads every page of a large zone', async () => {
    h.fake.zone(ZONE_ID).seed(
      Array.from({ length: 12 }, (_, i) => ({
        name: `h${i}.example.com`,
        type: 'A' as const,
        content: `192.0.2.${i}`,
        ttl: 300,
      })),
    );
    const sets = await h.provider({ perPage: 5 }).read(zone);
    expect(sets).toHaveLength(12);
    expect(h.fake.apiCalls('GET')).toHaveLength(3);
  });

  it('swaps the record and its marker in one batch: the record keeps its id, the marker gets a new one', async () => {
    const provider = h.provider();
    await provider.read(zone);
    await provider.apply(zone, create());
    const before = [...h.fake.zone(ZONE_ID).records.values()];
    await provider.read(zone);
    await provider.apply(zone, swap());
    const after = [...h.fake.zone(ZONE_ID).records.values()];
    const idOf = (records: typeof before, type: string) => records.find((r) => r.type === type)!.id;
    expect(idOf(after, 'A')).toBe(idOf(before, 'A'));
    expect(idOf(after, 'TXT')).not.toBe(idOf(before, 'TXT'));
    expect(sorted(await provider.read(zone))).toEqual([marker('secondary', 1), a(['192.0.2.11'], 60)]);
    expect(h.fake.apiCalls('POST')).toHaveLength(2);
  });

  it('writes a proxied pool with the automatic TTL and then sees nothing to change', async () => {
    const provider = h.provider();
    await provider.read(zone);
    await provider.apply(zone, [
      { kind: 'create', role: 'record', record: 'r', next: a(['192.0.2.10'], 1, true) },
    ]);
    expect(await provider.read(zone)).toEqual([a(['192.0.2.10'], 1, true)]);
  });

  it('lets only the first of two writers that read the same zone land (compare-and-set on the marker id)', async () => {
    const first = h.provider();
    await first.read(zone);
    await first.apply(zone, create());
    const second = h.provider();
    await Promise.all([first.read(zone), second.read(zone)]);
    await first.apply(zone, swap());
    const racing: Change[] = [
      { kind: 'update', role: 'record', record: 'r', prev: a(['192.0.2.10']), next: a(['192.0.2.12'], 60) },
      {
        kind: 'update',
        role: 'marker',
        record: 'r',
        prev: marker('primary', 0),
        next: marker('tertiary', 1),
      },
    ];
    await expect(second.apply(zone, racing)).rejects.toThrow(ConflictError);
    expect(sorted(await first.read(zone))).toEqual([marker('secondary', 1), a(['192.0.2.11'], 60)]);
  });

  it('treats 81058 (identical record exists) as done and still writes the rest of the batch', async () => {
    const provider = h.provider();
    await provider.read(zone);
    h.fake.zone(ZONE_ID).seed([{ name: NAME, type: 'A', content: '192.0.2.10', ttl: 300 }]);
    await provider.apply(zone, create());
    expect(sorted(await provider.read(zone))).toEqual([marker('primary', 0), a(['192.0.2.10'])]);
    expect(h.fake.apiCalls('POST').map((c) => c.status)).toEqual([400, 200]);
  });

  it('makes an apply whose every record already exists identically a no-op', async () => {
    const provider = h.provider();
    await provider.read(zone);
    const other = h.provider();
    await other.read(zone);
    await other.apply(zone, create());
    await provider.apply(zone, create());
    expect(h.fake.zone(ZONE_ID).records.size).toBe(2);
    expect(h.fake.apiCalls('POST').map((c) => c.status)).toEqual([200, 400]);
  });

  it('honours Retry-After on a 429 when the wait fits the budget', async () => {
    const clock = new InstantClock();
    const provider = h.provider({ clock });
    await provider.read(zone);
    h.fake.faults.push({
      status: 429,
      code: 971,
      message: 'Please wait and consider throttling your request speed',
      retryAfter: 2,
      on: 'write',
    });
    await provider.apply(zone, create());
    expect(clock.sleeps).toEqual([2000]);
    expect(h.fake.zone(ZONE_ID).records.size).toBe(2);
  });

  it('retries a failed read but never a failed write, which may have landed', async () => {
    const provider = h.provider();
    h.fake.faults.push({ status: 502, code: 10013, message: 'bad gateway', on: 'read' });
    expect(await provider.read(zone)).toEqual([]);
    h.fake.faults.push({ status: 502, code: 10013, message: 'bad gateway', on: 'write' });
    const error = await provider.apply(zone, create()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProviderError', retryable: true, code: '10013' });
    expect(h.fake.apiCalls('POST')).toHaveLength(1);
  });

  it.each([
    [
      'a 429 asking for longer than the budget',
      { status: 429, code: 971, message: 'Please wait', retryAfter: 300 },
      true,
      '971',
      'rate limited',
    ],
    [
      'an authentication error',
      { status: 403, code: 10000, message: 'Authentication error' },
      false,
      '10000',
      'Authentication error',
    ],
  ])('reports %s as a typed ProviderError', async (_name, fault, retryable, code, text) => {
    const provider = h.provider();
    await provider.read(zone);
    h.fake.faults.push({ ...fault, on: 'write' });
    const error = await provider.apply(zone, create()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'cloudflare', retryable, code });
    expect((error as Error).message).toContain(text);
  });

  it('reports a TTL the API refuses with the reason it nests under its validation error', async () => {
    const provider = h.provider();
    await provider.read(zone);
    const error = await provider
      .apply(zone, [
        { kind: 'create', role: 'record', record: 'app.example.com/A', next: a(['192.0.2.10'], 45) },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'cloudflare', retryable: false, code: '1004' });
    expect((error as Error).message).toContain(
      'DNS Validation Error (1004): TTL must be between 60 and 86400 seconds, or 1 for Automatic. (9021)',
    );
    expect(h.fake.violations).toEqual([]);
  });

  it.each([
    [
      '81053: a CNAME where an A record appeared since the read',
      'CNAME',
      'A',
      '192.0.2.1',
      ProviderError,
      '81053',
    ],
    [
      '81054: an A record where a CNAME appeared since the read',
      'A',
      'CNAME',
      'elsewhere.example.net',
      ProviderError,
      '81054',
    ],
  ] as const)('reports %s as not retryable', async (_name, type, foreignType, content, kind, code) => {
    const provider = h.provider();
    await provider.read(zone);
    h.fake.zone(ZONE_ID).seed([{ name: NAME, type: foreignType, content, ttl: 300 }]);
    const next = { name: NAME, type, ttl: 300, values: [type === 'A' ? '192.0.2.10' : 'origin.example.net'] };
    const error = await provider
      .apply(zone, [{ kind: 'create', role: 'record', record: 'r', next }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(kind);
    expect(error).toMatchObject({ retryable: false, code });
  });

  it('reports 81057 (the same value with other settings appeared since the read) as a conflict', async () => {
    const provider = h.provider();
    await provider.read(zone);
    h.fake.zone(ZONE_ID).seed([{ name: NAME, type: 'A', content: '192.0.2.10', ttl: 120 }]);
    await expect(provider.apply(zone, create())).rejects.toThrow(ConflictError);
    expect(h.fake.zone(ZONE_ID).records.size).toBe(1);
  });

  it('reports a zone the token cannot see as not retryable', async () => {
    const error = await h
      .provider()
      .read({ id: 'ffffffffffffffffffffffffffffffff' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProviderError', retryable: false, code: '7003' });
  });
});
