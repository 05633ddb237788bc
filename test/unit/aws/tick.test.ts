import { readFileSync } from 'node:fs';
import { PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../functions/core/errors';
import { type Harness, harness } from './harness';

const scheduled = JSON.parse(readFileSync('events/tick.json', 'utf8')) as unknown;
const MARKER = '_twinplane-a.app.example.com.|TXT';

async function ticks(h: Harness, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(
      (await h.tick(scheduled)) as {
        records: { activePool: string; decision: string; reason: string }[];
        events: string[];
      },
    );
    h.clock.advance(30_000);
  }
  return out;
}

describe('tick handler', () => {
  it('fails over after failureThreshold scheduled ticks: one ChangeBatch, one commit, one transition', async () => {
    const h = harness();
    await ticks(h, 1);
    h.prober.set('primary-health', false);
    const reports = await ticks(h, 3);
    expect(reports.map((r) => r.records[0]!.activePool)).toEqual(['primary', 'primary', 'secondary']);
    expect(h.aws.route53.mock).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
    const batch = h.aws.route53.mock.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input
      .ChangeBatch!;
    expect(batch.Changes!.map((c) => `${c.Action} ${c.ResourceRecordSet!.Type}`)).toEqual([
      'UPSERT A',
      'DELETE TXT',
      'CREATE TXT',
    ]);
    expect(h.aws.route53.zone.get('app.example.com.|A')).toMatchObject({
      TTL: 60,
      ResourceRecords: [{ Value: '198.51.100.7' }],
    });
    expect(h.aws.dynamodb.mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 1);
    expect(h.aws.dynamodb.items.get('HISTORY|app.example.com/A#0000000001')).toBeDefined();
    expect(h.aws.dynamodb.mock).toHaveReceivedCommandTimes(PutItemCommand, 4);
    expect(h.logs().find((l) => l.message === 'transition')).toMatchObject({
      kind: 'failover',
      to: 'secondary',
      level: 'info',
    });
    expect(h.logs().find((l) => l.transitions_total === 1)).toMatchObject({ kind: 'failover' });
  });

  it('reads each zone once per tick', async () => {
    const h = harness();
    await ticks(h, 2);
    expect(h.aws.route53.mock).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 2);
  });

  it('loses the race, and commits nothing, when another writer changes the marker after the read', async () => {
    const h = harness();
    await ticks(h, 1);
    h.prober.set('primary-health', false);
    await ticks(h, 2);
    const { zone } = h.aws.route53;
    const rival = {
      ...zone.get(MARKER)!,
      ResourceRecords: [
        {
          Value:
            '"heritage=twinplane,owner=acme-prod,record=app.example.com/A,pool=secondary,epoch=1,plane=cloudflare"',
        },
      ],
    };
    h.aws.route53.hooks.afterRead = () => zone.set(MARKER, rival);
    const [report] = await ticks(h, 1);
    expect(report!.events).toContain('conflict');
    expect(report!.records[0]!.reason).toMatch(/lost a race, nothing changed/);
    expect(h.aws.dynamodb.mock).not.toHaveReceivedCommand(TransactWriteItemsCommand);
    expect(zone.get(MARKER)).toEqual(rival);
    expect(zone.get('app.example.com.|A')).toMatchObject({ ResourceRecords: [{ Value: '192.0.2.44' }] });

    // The next tick adopts the rival plane's epoch instead of undoing it.
    const [next] = await ticks(h, 1);
    expect(next!.records[0]).toMatchObject({ activePool: 'secondary', decision: 'adopt' });
  });

  it.each([
    ['an empty event', {}, 'source'],
    ['no event at all', null, 'event'],
    ['a control request', { action: 'failover', record: 'app.example.com' }, 'source'],
    [
      'another EventBridge event',
      { source: 'aws.events', 'detail-type': 'EC2 Instance State-change Notification' },
      'detail-type',
    ],
  ])('rejects %s, naming the field and writing nothing', async (_, event, path) => {
    const h = harness();
    const error = await h.tick(event).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).issues.map((i) => i.path)).toContain(path);
    expect(h.aws.route53.mock).not.toHaveReceivedCommand(ListResourceRecordSetsCommand);
    expect(h.aws.dynamodb.mock).not.toHaveReceivedCommand(PutItemCommand);
    expect(h.logs().find((l) => l.message === 'invocation failed')).toMatchObject({
      level: 'error',
      type: 'RequestError',
    });
  });
});

describe('probe rounds on Lambda', () => {
  it.each([
    ['30 s checks get rounds for 55 s', '30s', 60_000, 55_000],
    ['rounds never run past the time left', '10s', 20_000, 20_000],
    ['minute checks need one round', '60s', 60_000, 0],
  ])('%s', async (_name, interval, budget, window) => {
    const { probeWindow } = await import('../../../functions/aws/tick');
    const { parseConfig } = await import('../../../functions/core/config/validate');
    const config = parseConfig({
      providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
      checks: { c: { http: { url: 'https://o.example.com/' }, interval, timeout: '5s' } },
      records: [
        {
          name: 'a.example.com',
          type: 'A',
          providers: ['route53'],
          pools: [
            { name: 'a', values: ['192.0.2.1'], checks: ['c'] },
            { name: 'b', values: ['192.0.2.2'], checks: ['c'] },
          ],
        },
      ],
    });
    expect(probeWindow(config, budget)).toBe(window);
  });
});
