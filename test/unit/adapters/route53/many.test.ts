import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../functions/adapters/route53/batch';
import { toAws } from '../../../../functions/adapters/route53/codec';
import { Route53DnsProvider } from '../../../../functions/adapters/route53/provider';
import { ConflictError } from '../../../../functions/core/errors';
import { markerValue } from '../../../../functions/core/ownership';
import type { Change, RecordSet } from '../../../../functions/core/types';
import { InstantClock } from '../../../helpers/aws';
import { fakeRoute53 } from '../../../helpers/aws-fakes';

const zone = { id: 'ZMANY' };
const N = 250;
const key = (i: number) => `app${i}.example.com/A`;
const a = (i: number, value: string, ttl: number): RecordSet => ({
  name: `app${i}.example.com`,
  type: 'A',
  ttl,
  values: [value],
});
const marker = (i: number, epoch: number, pool: string): RecordSet => ({
  name: `_twinplane-a.app${i}.example.com`,
  type: 'TXT',
  ttl: 300,
  values: [markerValue('test', key(i), { activePool: pool, epoch, plane: 'aws' })],
});
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
const seeded = () =>
  fakeRoute53(
    Array.from({ length: N }, (_, i) => [a(i, '192.0.2.10', 300), marker(i, 0, 'primary')])
      .flat()
      .map(toAws),
  );

let fake: ReturnType<typeof fakeRoute53> | undefined;
afterEach(() => fake?.mock.restore());

describe('Route53DnsProvider.apply over many records', () => {
  it('fails 250 records over in ceil(changes / 100) ChangeBatches, each record whole in one', async () => {
    fake = seeded();
    const provider = new Route53DnsProvider({ api: fake.api, clock: new InstantClock() });
    const changes = Array.from({ length: N }, (_, i) => failover(i)).flat();
    expect(await provider.apply(zone, changes)).toBeUndefined();
    const calls = fake.mock.commandCalls(ChangeResourceRecordSetsCommand);
    // Three Change elements a record (UPSERT, DELETE + CREATE of the marker): 33 records a batch.
    expect(calls).toHaveLength(Math.ceil(N / Math.floor(LIMITS.changes / 3)));
    for (const call of calls) {
      const sent = call.args[0].input.ChangeBatch?.Changes ?? [];
      expect(sent.length).toBeLessThanOrEqual(LIMITS.changes);
      expect(sent.length % 3).toBe(0);
    }
    expect(fake.zone.get('app249.example.com.|A')?.ResourceRecords).toEqual([{ Value: '192.0.2.11' }]);
  });

  it('sends a batch again without the record that lost its race; only that record fails', async () => {
    fake = seeded();
    // Another writer moved record 7's marker after our read.
    fake.zone.set('_twinplane-a.app7.example.com.|TXT', toAws(marker(7, 1, 'tertiary')));
    const provider = new Route53DnsProvider({ api: fake.api, clock: new InstantClock() });
    const result = await provider.apply(zone, Array.from({ length: N }, (_, i) => failover(i)).flat());
    expect([...(result?.failed.keys() ?? [])]).toEqual([key(7)]);
    expect(result?.failed.get(key(7))).toBeInstanceOf(ConflictError);
    expect(fake.zone.get('app7.example.com.|A')?.ResourceRecords).toEqual([{ Value: '192.0.2.10' }]);
    for (const i of [0, 6, 8, 32, 249])
      expect(fake.zone.get(`app${i}.example.com.|A`)?.ResourceRecords).toEqual([{ Value: '192.0.2.11' }]);
    expect(fake.mock.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(9);
  });

  it('throws when no record landed, as for a single record', async () => {
    fake = seeded();
    fake.zone.set('_twinplane-a.app0.example.com.|TXT', toAws(marker(0, 1, 'tertiary')));
    const provider = new Route53DnsProvider({ api: fake.api, clock: new InstantClock() });
    await expect(provider.apply(zone, failover(0))).rejects.toBeInstanceOf(ConflictError);
  });
});
