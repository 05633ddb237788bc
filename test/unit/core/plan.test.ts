import { describe, expect, it } from 'vitest';
import { unsafeReasons } from '../../../functions/core/gates';
import { markerValue, parseMarker } from '../../../functions/core/ownership';
import { desiredRecordSet, orderChanges, planRecord } from '../../../functions/core/plan';
import type { Change, RecordSet, RecordState } from '../../../functions/core/types';
import { testConfig } from '../../helpers/fakes';

const config = testConfig();
const record = config.records[0]!;
const at = (pool: string, epoch: number): RecordState => ({
  record: record.key,
  activePool: pool,
  epoch,
  since: 0,
  reason: '',
  plane: 'aws',
});
const primary = at('primary', 0);
const secondary = at('secondary', 1);
const marker = (pool: string, epoch: number, owner = 'test'): RecordSet => ({
  name: '_twinplane-a.app.example.com',
  type: 'TXT',
  ttl: 300,
  values: [markerValue(owner, record.key, { activePool: pool, epoch, plane: 'aws' })],
});
const aSet = (values: string[], ttl = 300): RecordSet => ({
  name: 'app.example.com',
  type: 'A',
  ttl,
  values,
});
const summary = (changes: readonly Change[]) => changes.map((c) => `${c.kind} ${c.role}`);

describe('planRecord', () => {
  it.each<[string, RecordState, RecordSet[], string[]]>([
    ['an empty zone: create record and marker', primary, [], ['create record', 'create marker']],
    ['in sync: nothing', primary, [aSet(['192.0.2.10']), marker('primary', 0)], []],
    [
      'a swap: update record and marker',
      secondary,
      [aSet(['192.0.2.10']), marker('primary', 0)],
      ['update record', 'update marker'],
    ],
    [
      'only the TTL drifted: update the record, not the marker',
      primary,
      [aSet(['192.0.2.10'], 60), marker('primary', 0)],
      ['update record'],
    ],
    ['the record was deleted by hand: recreate it', primary, [marker('primary', 0)], ['create record']],
    [
      'values drifted: restore them',
      primary,
      [aSet(['203.0.113.1']), marker('primary', 0)],
      ['update record'],
    ],
    [
      'unrelated records are ignored',
      primary,
      [
        aSet(['192.0.2.10']),
        marker('primary', 0),
        { name: 'www.example.com', type: 'A', ttl: 1, values: ['1.1.1.1'] },
      ],
      [],
    ],
  ])('%s', (_name, state, actual, expected) => {
    const plan = planRecord(record, state, 'route53', actual, 'test');
    expect(plan.foreign).toBeUndefined();
    expect(summary(plan.changes)).toEqual(expected);
  });

  it('carries the old and new sets on updates', () => {
    const plan = planRecord(
      record,
      secondary,
      'route53',
      [aSet(['192.0.2.10']), marker('primary', 0)],
      'test',
    );
    expect(plan.changes[0]).toEqual({
      kind: 'update',
      role: 'record',
      record: record.key,
      prev: aSet(['192.0.2.10']),
      next: aSet(['192.0.2.11'], 60),
    });
    expect(plan.changes[1]).toMatchObject({
      prev: marker('primary', 0),
      next: { values: [expect.stringContaining('pool=secondary,epoch=1')] },
    });
  });

  it.each<[string, RecordSet[], string]>([
    ['an unmarked record set', [aSet(['192.0.2.10'])], 'exists without a twinplane ownership marker'],
    [
      'another owner',
      [aSet(['192.0.2.10']), marker('primary', 0, 'someone-else')],
      'owned by "someone-else"',
    ],
    [
      'a TXT at the marker name that is not a marker',
      [{ ...marker('primary', 0), values: ['v=spf1 -all'] }],
      'is not a twinplane marker',
    ],
    [
      'a CNAME at the name',
      [{ name: 'app.example.com', type: 'CNAME', ttl: 300, values: ['elsewhere.example.net'] }],
      'a CNAME record already exists',
    ],
  ])('refuses to touch %s', (_name, actual, reason) => {
    const plan = planRecord(record, secondary, 'route53', actual, 'test');
    expect(plan.changes).toEqual([]);
    expect(plan.foreign).toContain(reason);
  });

  it('sets proxied only on Cloudflare, per pool', () => {
    const proxied = testConfig({ providers: ['route53', 'cloudflare'] });
    const r = {
      ...proxied.records[0]!,
      pools: proxied.records[0]!.pools.map((p, i) => ({ ...p, proxied: i === 1 })),
    };
    expect(desiredRecordSet(r, secondary, 'cloudflare').proxied).toBe(true);
    expect(desiredRecordSet(r, primary, 'cloudflare').proxied).toBe(false);
    expect(desiredRecordSet(r, secondary, 'route53').proxied).toBeUndefined();
  });

  it('gives proxied Cloudflare records the automatic TTL and DNS-only ones the configured TTL', () => {
    const config = testConfig({ providers: ['route53', 'cloudflare'] });
    const r = {
      ...config.records[0]!,
      pools: config.records[0]!.pools.map((p, i) => ({ ...p, proxied: i === 1 })),
    };
    expect(desiredRecordSet(r, secondary, 'cloudflare').ttl).toBe(1);
    expect(desiredRecordSet(r, primary, 'cloudflare').ttl).toBe(300);
    expect(desiredRecordSet(r, secondary, 'route53').ttl).toBe(60);
  });

  it('orders deletes, creates, then updates, records before markers', () => {
    const changes: Change[] = [
      { kind: 'update', role: 'marker', record: 'r', prev: marker('a', 0), next: marker('b', 1) },
      { kind: 'create', role: 'marker', record: 'r', next: marker('a', 0) },
      { kind: 'update', role: 'record', record: 'r', prev: aSet(['1.1.1.1']), next: aSet(['2.2.2.2']) },
      { kind: 'delete', role: 'record', record: 'r', prev: aSet(['1.1.1.1']) },
      { kind: 'create', role: 'record', record: 'r', next: aSet(['1.1.1.1']) },
    ];
    expect(summary(orderChanges(changes))).toEqual([
      'delete record',
      'create record',
      'create marker',
      'update record',
      'update marker',
    ]);
  });
});

describe('markers', () => {
  it('round-trips and rejects what is not ours', () => {
    expect(
      parseMarker(
        markerValue('acme', 'app.example.com/A', { activePool: 'b', epoch: 7, plane: 'cloudflare' }),
      ),
    ).toEqual({
      owner: 'acme',
      record: 'app.example.com/A',
      pool: 'b',
      epoch: 7,
      plane: 'cloudflare',
    });
    expect(parseMarker('heritage=external-dns,external-dns/owner=default')).toBeUndefined();
    expect(parseMarker('heritage=twinplane,owner=a,record=r,pool=p,epoch=-1')).toBeUndefined();
  });
});

describe('gates', () => {
  const update = (set: RecordSet, next: RecordSet): Change => ({
    kind: 'update',
    role: 'record',
    record: 'r',
    prev: set,
    next,
  });
  it.each<[string, Change[], string[]]>([
    ['a normal swap', [update(aSet(['1.1.1.1']), aSet(['2.2.2.2']))], []],
    [
      'an emptied record set',
      [update(aSet(['1.1.1.1']), aSet([]))],
      ['app.example.com A would be left with no values'],
    ],
    [
      'a delete',
      [{ kind: 'delete', role: 'record', record: 'r', prev: aSet(['1.1.1.1']) }],
      ['app.example.com A would be deleted'],
    ],
    [
      'the apex NS',
      [
        update(
          { name: 'example.com', type: 'NS', ttl: 1, values: ['a.'] },
          { name: 'example.com', type: 'NS', ttl: 1, values: ['b.'] },
        ),
      ],
      ['example.com NS is the zone apex and is never changed'],
    ],
    [
      'an SOA',
      [
        update(
          { name: 'example.com', type: 'SOA', ttl: 1, values: ['x'] },
          { name: 'example.com', type: 'SOA', ttl: 1, values: ['y'] },
        ),
      ],
      ['example.com SOA is never changed'],
    ],
    [
      'too many changes',
      [1, 2, 3].map((i) => update(aSet([`1.1.1.${i}`]), aSet([`2.2.2.${i}`]))),
      ['3 record set changes exceed maxChangesPerTick (2)'],
    ],
  ])('%s', (_name, changes, reasons) => {
    expect(unsafeReasons(changes, { maxChangesPerTick: 2, apexes: ['example.com'] })).toEqual(reasons);
  });
});
