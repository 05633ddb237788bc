/**
 * The zone fakes the adapters and benches run against: a batch is all or nothing, a zone read walks
 * every record once in order, and the name index that makes both linear stays true to the records.
 */

import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { type ApiFault, FakeZone } from '../../fakes/cloudflare/zone';
import { fakeRoute53 } from '../../helpers/aws-fakes';

/** The zone's records, in id order (the order the fake holds them in is not part of the API). */
const snapshot = (zone: FakeZone) =>
  [...zone.records.values()].map((r) => ({ ...r })).sort((a, b) => (a.id < b.id ? -1 : 1));

describe('Cloudflare zone fake', () => {
  const zone = () => {
    const z = new FakeZone('0'.repeat(32), 'example.com');
    z.seed([
      { name: 'a.example.com', type: 'A', content: '192.0.2.1' },
      { name: 'b.example.com', type: 'CNAME', content: 'a.example.com' },
    ]);
    return z;
  };

  it('leaves the zone as it found it when a later operation of the batch is refused', () => {
    const z = zone();
    const before = snapshot(z);
    const [a, b] = [...z.records.values()];
    const refused = () =>
      z.batch({
        deletes: [{ id: a!.id }],
        patches: [{ id: b!.id, content: 'c.example.com' } as never],
        // An A beside the CNAME at b: refused with 81054 after the delete and the patch were applied.
        posts: [{ name: 'b.example.com', type: 'A', content: '192.0.2.2', ttl: 1 }],
      });
    expect(refused).toThrow(expect.objectContaining({ code: 81054 }) as ApiFault);
    expect(snapshot(z)).toEqual(before);
    // The name index was rolled back with the records: a is free again for a CNAME only after a delete.
    expect(() =>
      z.batch({ posts: [{ name: 'a.example.com', type: 'CNAME', content: 'x.example.com', ttl: 1 }] }),
    ).toThrow(expect.objectContaining({ code: 81053 }) as ApiFault);
  });

  it('checks a record against the zone as the batch has changed it so far', () => {
    const z = zone();
    const [a] = [...z.records.values()];
    // The A at a is deleted first, so a CNAME there is admitted in the same batch.
    z.batch({
      deletes: [{ id: a!.id }],
      posts: [{ name: 'a.example.com', type: 'CNAME', content: 'x.example.com', ttl: 1 }],
    });
    expect([...z.records.values()].filter((r) => r.name === 'a.example.com').map((r) => r.type)).toEqual([
      'CNAME',
    ]);
    // A record removed behind the API's back no longer blocks its name.
    const cname = [...z.records.values()].find((r) => r.name === 'a.example.com')!;
    z.remove(cname.id);
    z.batch({ posts: [{ name: 'a.example.com', type: 'A', content: '192.0.2.9', ttl: 1 }] });
    expect(z.records.size).toBe(2);
  });
});

describe('Route 53 zone fake', () => {
  const set = (i: number): ResourceRecordSet => ({
    Name: `r${String(i).padStart(4, '0')}.example.com.`,
    Type: 'A',
    TTL: 60,
    ResourceRecords: [{ Value: '192.0.2.1' }],
  });
  const client = new Route53Client({ region: 'us-east-1' });
  async function readAll() {
    const names: string[] = [];
    let start: { StartRecordName?: string; StartRecordType?: 'A' } = {};
    for (;;) {
      const page = await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z1', ...start }));
      names.push(...(page.ResourceRecordSets ?? []).map((s) => s.Name!));
      if (!page.IsTruncated) return names;
      start = { StartRecordName: page.NextRecordName!, StartRecordType: page.NextRecordType as 'A' };
    }
  }

  it('serves a zone in pages of 300 in name order, each set once, and sees changes between reads', async () => {
    const fake = fakeRoute53(Array.from({ length: 700 }, (_, i) => set(699 - i)));
    try {
      const first = await readAll();
      expect(first).toEqual(Array.from({ length: 700 }, (_, i) => set(i).Name));
      expect(fake.mock.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(3);
      await client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: 'Z1',
          ChangeBatch: {
            Changes: [
              { Action: 'DELETE', ResourceRecordSet: set(0) },
              { Action: 'CREATE', ResourceRecordSet: set(700) },
            ],
          },
        }),
      );
      const second = await readAll();
      expect(second[0]).toBe(set(1).Name);
      expect(second.at(-1)).toBe(set(700).Name);
      expect(second).toHaveLength(700);
    } finally {
      fake.mock.restore();
    }
  });

  it('applies a change batch all or nothing', async () => {
    const fake = fakeRoute53([set(1)]);
    try {
      const batch = new ChangeResourceRecordSetsCommand({
        HostedZoneId: 'Z1',
        ChangeBatch: {
          Changes: [
            { Action: 'CREATE', ResourceRecordSet: set(2) },
            { Action: 'DELETE', ResourceRecordSet: set(1) },
            // Its own earlier change made this one invalid: set 2 exists by now.
            { Action: 'CREATE', ResourceRecordSet: set(2) },
          ],
        },
      });
      await expect(client.send(batch)).rejects.toThrow(/already exists/);
      expect([...fake.zone.keys()]).toEqual(['r0001.example.com.|A']);
    } finally {
      fake.mock.restore();
    }
  });
});
