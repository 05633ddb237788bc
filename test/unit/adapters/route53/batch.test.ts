import { describe, expect, it } from 'vitest';
import { LIMITS, splitBatches, toChangeGroups, weight } from '../../../../functions/adapters/route53/batch';
import { ProviderError } from '../../../../functions/core/errors';
import type { Change, RecordSet } from '../../../../functions/core/types';

const a = (values: string[], ttl = 300): RecordSet => ({ name: 'app.example.com', type: 'A', ttl, values });
const marker = (epoch: number): RecordSet => ({
  name: '_twinplane-a.app.example.com',
  type: 'TXT',
  ttl: 300,
  values: [`heritage=twinplane,owner=test,record=app.example.com/A,pool=p,epoch=${epoch},plane=aws`],
});
const record = 'app.example.com/A';

describe('route53 change batches', () => {
  it.each<[string, Change, string[]]>([
    ['a record create', { kind: 'create', role: 'record', record, next: a(['192.0.2.1']) }, ['CREATE A']],
    [
      'a record update',
      { kind: 'update', role: 'record', record, prev: a(['192.0.2.1']), next: a(['192.0.2.2'], 60) },
      ['UPSERT A'],
    ],
    ['a record delete', { kind: 'delete', role: 'record', record, prev: a(['192.0.2.1']) }, ['DELETE A']],
    ['a marker create', { kind: 'create', role: 'marker', record, next: marker(0) }, ['CREATE TXT']],
    [
      'a marker update',
      { kind: 'update', role: 'marker', record, prev: marker(0), next: marker(1) },
      ['DELETE TXT', 'CREATE TXT'],
    ],
  ])('turns %s into %j', (_, change, expected) => {
    const groups = toChangeGroups([change]);
    expect(groups.flatMap((g) => g.changes.map((c) => `${c.Action} ${c.ResourceRecordSet?.Type}`))).toEqual(
      expected,
    );
  });

  it('deletes the exact current marker value, quoted, and creates the new one', () => {
    const [group] = toChangeGroups([
      { kind: 'update', role: 'marker', record, prev: marker(3), next: marker(4) },
    ]);
    expect(group!.guard).toBe(true);
    expect(group!.changes.map((c) => c.ResourceRecordSet?.ResourceRecords?.[0]?.Value)).toEqual([
      `"${marker(3).values[0]}"`,
      `"${marker(4).values[0]}"`,
    ]);
    expect(group!.changes[0]!.ResourceRecordSet?.TTL).toBe(300);
  });

  it('refuses to write over an alias record set', () => {
    const alias = a(['ALIAS lb.example.net (zone Z1)'], 0);
    expect(() =>
      toChangeGroups([{ kind: 'update', role: 'record', record, prev: alias, next: a(['192.0.2.2']) }]),
    ).toThrow(ProviderError);
  });

  it('counts UPSERT values twice, as AWS does', () => {
    const upsert = toChangeGroups([
      { kind: 'update', role: 'record', record, prev: a(['1.1.1.1']), next: a(['192.0.2.1', '192.0.2.2']) },
    ]);
    expect(weight(upsert[0]!.changes)).toEqual({ records: 4, chars: 36 });
  });

  it('keeps a plan that fits in one batch, in order', () => {
    const groups = toChangeGroups([
      { kind: 'update', role: 'record', record, prev: a(['192.0.2.1']), next: a(['192.0.2.2']) },
      { kind: 'update', role: 'marker', record, prev: marker(0), next: marker(1) },
    ]);
    const { batches, split } = splitBatches(groups);
    expect(split).toBeUndefined();
    expect(batches.map((b) => b.map((c) => c.Action))).toEqual([['UPSERT', 'DELETE', 'CREATE']]);
  });

  it('splits only past the AWS limits, markers first, and says so', () => {
    const big = (n: number) =>
      a(Array.from({ length: n }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`));
    const groups = [
      ...toChangeGroups([{ kind: 'create', role: 'record', record, next: big(600) }]),
      ...toChangeGroups([
        { kind: 'create', role: 'record', record: 'b', next: { ...big(600), name: 'b.example.com' } },
      ]),
      ...toChangeGroups([{ kind: 'update', role: 'marker', record, prev: marker(0), next: marker(1) }]),
    ];
    const { batches, split } = splitBatches(groups);
    expect(batches).toHaveLength(2);
    expect(batches[0]!.slice(0, 2).map((c) => `${c.Action} ${c.ResourceRecordSet?.Type}`)).toEqual([
      'DELETE TXT',
      'CREATE TXT',
    ]);
    for (const batch of batches) expect(weight(batch).records).toBeLessThanOrEqual(LIMITS.records);
    expect(split).toMatch(/exceeds one ChangeBatch .* split into 2 batches, markers first/);
  });

  it('refuses a single record set larger than one batch', () => {
    const values = Array.from({ length: 501 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`);
    const groups = toChangeGroups([
      { kind: 'update', role: 'record', record, prev: a(['1.1.1.1']), next: a(values) },
    ]);
    expect(() => splitBatches(groups)).toThrow(/too large for one ChangeBatch/);
  });
});
