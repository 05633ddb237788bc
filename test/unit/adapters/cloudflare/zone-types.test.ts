import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fieldsOf,
  type ListedRecord,
  valueOfRecord,
} from '../../../../functions/adapters/cloudflare/records';
import type { Change, RecordSet } from '../../../../functions/core/types';
import { type FakeHarness, startFake, ZONE_ID } from '../../../fakes/cloudflare/harness';

const listed = (type: string, fields: Partial<ListedRecord>): ListedRecord => ({
  id: '1',
  name: 'example.com',
  type,
  ttl: 300,
  ...fields,
});

describe('MX, SRV, CAA, NS and PTR values', () => {
  it.each<[string, ListedRecord, string]>([
    [
      'MX keeps its priority',
      listed('MX', { content: 'Mail.Example.com.', priority: 10 }),
      '10 mail.example.com',
    ],
    ['a null MX', listed('MX', { content: '.', priority: 0 }), '0 .'],
    [
      'SRV from data',
      listed('SRV', {
        content: 'ignored',
        data: { priority: 10, weight: 5, port: 5060, target: 'sip.example.com' },
      }),
      '10 5 5060 sip.example.com',
    ],
    [
      'SRV from a tab-separated content and its priority',
      listed('SRV', { content: '5\t5060\tsip.example.com', priority: 10 }),
      '10 5 5060 sip.example.com',
    ],
    [
      'SRV from a four-part content',
      listed('SRV', { content: '10 5 5060 sip.example.com' }),
      '10 5 5060 sip.example.com',
    ],
    [
      'CAA from data, value case kept',
      listed('CAA', { data: { flags: 0, tag: 'iodef', value: 'mailto:Sec@Example.com' } }),
      '0 iodef "mailto:Sec@Example.com"',
    ],
    [
      'CAA from content',
      listed('CAA', { content: '0\tissue\t"letsencrypt.org"' }),
      '0 issue "letsencrypt.org"',
    ],
    ['NS loses its dot', listed('NS', { content: 'NS1.Example.NET.' }), 'ns1.example.net'],
    ['PTR loses its dot', listed('PTR', { content: 'host.example.com.' }), 'host.example.com'],
    ['A is as before', listed('A', { content: ' 192.0.2.1 ' }), '192.0.2.1'],
    ['TXT is as before', listed('TXT', { content: '"v=spf1 " "-all"' }), 'v=spf1 -all'],
  ])('%s', (_name, record, value) => {
    expect(valueOfRecord(record)).toBe(value);
  });

  it.each([
    ['MX', '10 mail.example.com', { content: 'mail.example.com', priority: 10 }],
    [
      'SRV',
      '10 5 5060 sip.example.com',
      { data: { priority: 10, weight: 5, port: 5060, target: 'sip.example.com' } },
    ],
    ['CAA', '0 issue "letsencrypt.org"', { data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } }],
    ['TXT', 'a "b"', { content: '"a \\"b\\""' }],
    ['A', '192.0.2.1', { content: '192.0.2.1' }],
  ])('writes %s %s as %j', (type, value, fields) => {
    expect(fieldsOf(type, value)).toEqual(fields);
  });
});

describe('CloudflareDnsProvider with every zone type, against the API fake', () => {
  let h: FakeHarness;
  beforeAll(async () => {
    h = await startFake();
  });
  afterAll(() => h.server.close());
  beforeEach(() => h.fake.reset());
  const zone = { id: ZONE_ID, domain: 'example.com' };
  const set = (name: string, type: string, values: string[], ttl = 300): RecordSet => ({
    name,
    type,
    ttl,
    values,
    proxied: false,
  });
  const sets = [
    set('example.com', 'MX', ['10 mail.example.com', '20 mx.example.net']),
    set('_sip._tcp.example.com', 'SRV', ['10 5 5060 sip.example.com']),
    set('example.com', 'CAA', ['0 issue "letsencrypt.org"', '128 iodef "mailto:Sec@example.com"']),
    set('sub.example.com', 'NS', ['ns1.example.net', 'ns2.example.net'], 3600),
    set('1.2.0.192.in-addr.example.com', 'PTR', ['host.example.com']),
  ];
  const byName = (a: RecordSet, b: RecordSet) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type);

  it('writes them and reads back exactly what it wrote', async () => {
    const provider = h.provider();
    await provider.read(zone);
    await provider.apply(
      zone,
      sets.map(
        (next): Change => ({ kind: 'create', role: 'record', record: `${next.name}/${next.type}`, next }),
      ),
    );
    expect((await provider.read(zone)).sort(byName)).toEqual([...sets].sort(byName));
    const mx = [...h.fake.zone(ZONE_ID).records.values()].filter((r) => r.type === 'MX');
    expect(mx.map((r) => [r.content, r.priority]).sort()).toEqual([
      ['mail.example.com', 10],
      ['mx.example.net', 20],
    ]);
  });

  it('changes an MX preference in place, keeping the record id', async () => {
    const provider = h.provider();
    const prev = set('example.com', 'MX', ['10 mail.example.com']);
    h.fake
      .zone(ZONE_ID)
      .seed([{ name: 'example.com', type: 'MX', content: 'mail.example.com', priority: 10, ttl: 300 }]);
    const [id] = h.fake.zone(ZONE_ID).records.keys();
    expect(await provider.read(zone)).toEqual([prev]);
    const next = set('example.com', 'MX', ['5 mail.example.com']);
    await provider.apply(zone, [{ kind: 'update', role: 'record', record: 'example.com/MX', prev, next }]);
    expect(await provider.read(zone)).toEqual([next]);
    expect([...h.fake.zone(ZONE_ID).records.keys()]).toEqual([id]);
  });
});
