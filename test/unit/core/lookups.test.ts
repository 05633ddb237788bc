/** The lookups a tick repeats for every record are kept between calls; what they answer must not change. */
import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../../functions/adapters/memory/dns';
import { MemoryStateStore } from '../../../functions/adapters/memory/store';
import type { Config, ZoneSpec } from '../../../functions/core/config/model';
import { zoneFor } from '../../../functions/core/config/zones';
import { initialState } from '../../../functions/core/decide';
import { markerName, markerSet, markerValue, parseMarker } from '../../../functions/core/ownership';
import { desiredRecordSet, planRecord } from '../../../functions/core/plan';
import { silentLogger } from '../../../functions/core/ports';
import {
  lookupProviders,
  planProviders,
  type ReconcileContext,
  type ZoneReads,
} from '../../../functions/core/reconcile';
import type { RecordSet } from '../../../functions/core/types';
import { zoneIndex } from '../../../functions/core/zone-index';
import { testConfig } from '../../helpers/fakes';

describe('zoneFor', () => {
  it('answers per zone list: the same name in two configs finds each its own zone', () => {
    const a: ZoneSpec[] = [{ id: 'ZA', domain: 'example.com' }];
    const b: ZoneSpec[] = [
      { id: 'ZB', domain: 'example.com' },
      { id: 'ZC', domain: 'app.example.com' },
    ];
    expect(zoneFor(a, 'app.example.com')?.id).toBe('ZA');
    expect(zoneFor(b, 'app.example.com')?.id).toBe('ZC');
    expect(zoneFor(a, 'app.example.com')?.id).toBe('ZA');
    expect(zoneFor(b, 'www.example.com')?.id).toBe('ZB');
    expect(zoneFor(a, 'app.example.org')).toBeUndefined();
    expect(zoneFor(a, 'app.example.org')).toBeUndefined();
    expect(zoneFor([], 'app.example.com')).toBeUndefined();
  });
});

describe('parseMarker', () => {
  const value = markerValue('team', 'app.example.com/A', { activePool: 'secondary', epoch: 3, plane: 'aws' });

  it('gives the same fields every time, in a shared object no caller can change', () => {
    const first = parseMarker(value);
    expect(first).toEqual({
      owner: 'team',
      record: 'app.example.com/A',
      pool: 'secondary',
      epoch: 3,
      plane: 'aws',
    });
    expect(parseMarker(value)).toEqual(first);
    expect(Object.isFrozen(parseMarker(value))).toBe(true);
    expect(parseMarker('heritage=external-dns,owner=x')).toBeUndefined();
    expect(parseMarker('heritage=external-dns,owner=x')).toBeUndefined();
  });

  it('still parses new values after many distinct ones', () => {
    for (let i = 0; i < 60_000; i++) parseMarker(`v=${i}`);
    expect(parseMarker(value)?.epoch).toBe(3);
  });
});

describe('markerName and the zone index', () => {
  it('names a marker per record and type, and finds every type at a name', () => {
    expect(markerName({ name: 'app.example.com', type: 'AAAA' })).toBe('_twinplane-aaaa.app.example.com');
    expect(markerName({ name: 'app.example.com', type: 'A' })).toBe('_twinplane-a.app.example.com');
    const index = zoneIndex([
      { name: 'app.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'] },
      { name: 'app.example.com', type: 'TXT', ttl: 60, values: ['"x"'] },
      { name: 'www.example.com', type: 'A', ttl: 60, values: ['192.0.2.2'] },
    ]);
    expect(index.get('app.example.com', 'TXT')?.values).toEqual(['"x"']);
    expect(index.get('app.example.com', 'A')?.values).toEqual(['192.0.2.1']);
    expect(index.get('app.example.com', 'AAAA')).toBeUndefined();
    expect(index.get('db.example.com', 'A')).toBeUndefined();
    expect(index.at('app.example.com').map((s) => s.type)).toEqual(['A', 'TXT']);
  });
});

describe('lookupProviders: a record placed once per config, looked up once per tick', () => {
  const ctx = (config: Config): ReconcileContext => ({
    config,
    plane: 'aws',
    store: new MemoryStateStore(),
    providers: {
      route53: new MemoryDnsProvider({ name: 'route53' }),
      cloudflare: new MemoryDnsProvider({ name: 'cloudflare' }),
    },
    logger: silentLogger,
  });
  const config = testConfig();
  const record = config.records[0]!;
  const state = initialState(record, 'aws');
  const marker = markerSet(record, markerValue('test', record.key, state));
  const sets: RecordSet[] = [desiredRecordSet(record, state, 'route53'), marker];

  it('gives each provider in order its zone, its indexed read or why it failed, and the marker found', () => {
    const reads: ZoneReads = new Map<string, RecordSet[] | Error>([
      ['route53:Z0123456789ABC', sets],
      ['cloudflare:0123456789abcdef0123456789abcdef', new Error('read failed')],
    ]);
    const [r53, cf] = lookupProviders(ctx(config), record, reads);
    expect(r53).toMatchObject({ provider: 'route53', zone: { id: 'Z0123456789ABC' } });
    expect(r53?.found?.set).toEqual(marker);
    expect(r53?.found?.marker).toMatchObject({ owner: 'test', pool: 'primary', epoch: 0 });
    expect(cf).toMatchObject({ provider: 'cloudflare', actual: expect.any(Error) });
    expect(cf?.found).toBeUndefined();
  });

  it('places the same record spec anew under another config, with other zones', () => {
    const other = { ...config, providers: { ...config.providers, route53: { zones: [{ id: 'ZOTHER' }] } } };
    const reads: ZoneReads = new Map([['route53:ZOTHER', sets]]);
    expect(lookupProviders(ctx(config), record, reads)[0]?.actual).toBeUndefined();
    expect(lookupProviders(ctx(other as Config), record, reads)[0]).toMatchObject({
      zone: { id: 'ZOTHER' },
      found: { set: marker },
    });
  });

  it('plans from the lookups exactly as from the reads, and planRecord takes null as "no marker here"', () => {
    const reads: ZoneReads = new Map([
      ['route53:Z0123456789ABC', sets],
      ['cloudflare:0123456789abcdef0123456789abcdef', []],
    ]);
    const c = ctx(config);
    const lookups = lookupProviders(c, record, reads);
    expect(planProviders(c, record, state, reads, lookups)).toEqual(planProviders(c, record, state, reads));
    expect(planRecord(record, state, 'route53', sets, 'test').changes).toEqual([]);
    expect(planRecord(record, state, 'route53', sets, 'test', null).foreign).toContain(
      'exists without a twinplane ownership marker',
    );
  });
});
