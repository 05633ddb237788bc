import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  InvalidChangeBatch,
  ListResourceRecordSetsCommand,
  PriorRequestNotComplete,
  Route53Client,
  Route53ServiceException,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { toAws } from '../../../../functions/adapters/route53/codec';
import type { Route53DnsOptions } from '../../../../functions/adapters/route53/provider';
import { ConflictError, ProviderError } from '../../../../functions/core/errors';
import type { Change, RecordSet } from '../../../../functions/core/types';
import { InstantClock } from '../../../helpers/aws';
import { a, makeProvider, markerName, markerValue, throttled, txt, zone } from './fixtures';

const r53 = mockClient(Route53Client);
const record = 'app.example.com/A';
const failover: Change[] = [
  { kind: 'update', role: 'record', record, prev: a('192.0.2.10', 300), next: a('192.0.2.11', 60) },
  {
    kind: 'update',
    role: 'marker',
    record,
    prev: txt(markerValue(0, 'primary')),
    next: txt(markerValue(1, 'secondary')),
  },
];
const prior = () =>
  new PriorRequestNotComplete({
    $metadata: { httpStatusCode: 400 },
    message: 'The request was rejected because Route 53 was still processing a prior request.',
  });

let clock: InstantClock;
const provider = (options: Partial<Route53DnsOptions> = {}) => makeProvider(clock, options);

beforeEach(() => {
  r53.reset();
  clock = new InstantClock();
});

describe('Route53DnsProvider.apply', () => {
  it('applies a failover as one ChangeBatch: UPSERT the record, DELETE + CREATE the marker', async () => {
    r53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
    await provider().apply(zone, failover);
    expect(r53).toHaveReceivedCommandExactlyOnceWith(ChangeResourceRecordSetsCommand, {
      HostedZoneId: zone.id,
      ChangeBatch: {
        Comment: 'twinplane app.example.com/A',
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              Name: 'app.example.com.',
              Type: 'A',
              TTL: 60,
              ResourceRecords: [{ Value: '192.0.2.11' }],
            },
          },
          {
            Action: 'DELETE',
            ResourceRecordSet: {
              Name: `${markerName}.`,
              Type: 'TXT',
              TTL: 300,
              ResourceRecords: [{ Value: `"${markerValue(0, 'primary')}"` }],
            },
          },
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: `${markerName}.`,
              Type: 'TXT',
              TTL: 300,
              ResourceRecords: [{ Value: `"${markerValue(1, 'secondary')}"` }],
            },
          },
        ],
      },
    });
    expect(r53).not.toHaveReceivedCommand(GetChangeCommand);
  });

  it('creates a new record and its marker with CREATE', async () => {
    r53.on(ChangeResourceRecordSetsCommand).resolves({});
    await provider().apply(zone, [
      { kind: 'create', role: 'record', record, next: a('192.0.2.10', 300) },
      { kind: 'create', role: 'marker', record, next: txt(markerValue(0, 'primary')) },
    ]);
    const input = r53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input;
    expect(input.ChangeBatch?.Changes?.map((c) => `${c.Action} ${c.ResourceRecordSet?.Type}`)).toEqual([
      'CREATE A',
      'CREATE TXT',
    ]);
  });

  /** The zone as a fresh read finds it after a refusal. */
  const holding = (...sets: RecordSet[]) =>
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: sets.map(toAws),
      IsTruncated: false,
      MaxItems: 300,
    });
  const refusal = (message: string) =>
    new InvalidChangeBatch({ $metadata: { httpStatusCode: 400 }, message, messages: [message] });

  it.each([
    ['another writer moved the marker on', [a('192.0.2.12', 60), txt(markerValue(1, 'tertiary'))]],
    ['another writer deleted the marker', [a('192.0.2.10', 300)]],
  ])('throws ConflictError when %s (told from a fresh read, not the message)', async (_, now) => {
    // The message names nothing: the conflict is found by re-reading the zone.
    r53.on(ChangeResourceRecordSetsCommand).rejects(refusal('Invalid request'));
    holding(...now);
    const error = await provider()
      .apply(zone, failover)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ resource: markerName });
    expect(r53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
    expect(r53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1);
  });

  it('throws ConflictError when another writer created the set first', async () => {
    r53.on(ChangeResourceRecordSetsCommand).rejects(refusal('Invalid request'));
    holding(a('192.0.2.99', 300), txt(markerValue(0, 'primary')));
    const error = await provider()
      .apply(zone, [
        { kind: 'create', role: 'record', record, next: a('192.0.2.10', 300) },
        { kind: 'create', role: 'marker', record, next: txt(markerValue(0, 'primary')) },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
  });

  it('is not fooled by a message that names the marker when the marker still holds what was read', async () => {
    const message = `Tried to delete resource record set [name='${markerName}.', type='TXT'] but the values provided do not match the current values`;
    r53.on(ChangeResourceRecordSetsCommand).rejects(refusal(message));
    holding(a('192.0.2.10', 300), txt(markerValue(0, 'primary')));
    const error = await provider()
      .apply(zone, failover)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: false, code: 'InvalidChangeBatch' });
  });

  it('throws a non-retryable ProviderError for an InvalidChangeBatch when every expectation holds', async () => {
    const message =
      "RRSet with DNS name app.example.com., type A contains an invalid value [name='app.example.com.', type='A']";
    r53.on(ChangeResourceRecordSetsCommand).rejects(refusal(message));
    holding(a('192.0.2.10', 300), txt(markerValue(0, 'primary')));
    const error = await provider()
      .apply(zone, failover)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: false, code: 'InvalidChangeBatch' });
  });

  it('reports the refusal itself when the zone cannot be re-read', async () => {
    r53.on(ChangeResourceRecordSetsCommand).rejects(refusal('Invalid request'));
    r53.on(ListResourceRecordSetsCommand).rejects(new Error('socket hang up'));
    const error = await provider({ retry: { budgetMs: 0 } })
      .apply(zone, failover)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'InvalidChangeBatch' });
    expect(error).not.toBeInstanceOf(ConflictError);
  });

  it('retries Throttling and PriorRequestNotComplete with jittered backoff, then succeeds', async () => {
    r53.on(ChangeResourceRecordSetsCommand).rejectsOnce(throttled()).rejectsOnce(prior()).resolves({});
    await provider({ retry: { baseMs: 100, capMs: 1_000 } }).apply(zone, failover);
    expect(r53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 3);
    // random() = 0.5: half of 100 * 2^0, then half of 100 * 2^1.
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('gives up at the deadline with a retryable ProviderError', async () => {
    r53.on(ChangeResourceRecordSetsCommand).rejects(prior());
    const deadline = clock.now() + 1_000;
    const error = await provider({ deadline: () => deadline, retry: { baseMs: 200, capMs: 5_000 } })
      .apply(zone, failover)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: true, code: 'PriorRequestNotComplete' });
    // Sleeps 100, 200 (t=300), then 400 would reach 700 < 1000 -> sleeps, then 800 would pass the deadline.
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(r53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 4);
  });

  it('does not retry what cannot succeed', async () => {
    r53.on(ChangeResourceRecordSetsCommand).rejects(
      new Route53ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'not authorized',
      }),
    );
    await expect(provider().apply(zone, failover)).rejects.toMatchObject({
      retryable: false,
      code: 'AccessDenied',
    });
    expect(r53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
  });

  it('never writes over an alias record', async () => {
    const alias: RecordSet = {
      name: 'app.example.com',
      type: 'A',
      ttl: 0,
      values: ['ALIAS lb.example.net (zone Z1)'],
    };
    const changes: Change[] = [
      { kind: 'update', role: 'record', record, prev: alias, next: a('192.0.2.11', 60) },
    ];
    await expect(provider().apply(zone, changes)).rejects.toThrow(
      /alias record set; twinplane never modifies it/,
    );
    expect(r53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
  });

  it('waits for INSYNC when asked, polling GetChange', async () => {
    r53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: '/change/C9', Status: 'PENDING', SubmittedAt: new Date() } });
    r53
      .on(GetChangeCommand)
      .resolvesOnce({ ChangeInfo: { Id: '/change/C9', Status: 'PENDING', SubmittedAt: new Date() } })
      .resolves({ ChangeInfo: { Id: '/change/C9', Status: 'INSYNC', SubmittedAt: new Date() } });
    await provider({ waitForSync: { timeoutMs: 60_000, intervalMs: 5_000 } }).apply(zone, failover);
    expect(r53).toHaveReceivedCommandTimes(GetChangeCommand, 2);
    expect(r53).toHaveReceivedCommandWith(GetChangeCommand, { Id: '/change/C9' });
  });

  it('stops waiting for INSYNC at the bound without failing the apply', async () => {
    r53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: '/change/C9', Status: 'PENDING', SubmittedAt: new Date() } });
    r53
      .on(GetChangeCommand)
      .resolves({ ChangeInfo: { Id: '/change/C9', Status: 'PENDING', SubmittedAt: new Date() } });
    await provider({ waitForSync: { timeoutMs: 12_000, intervalMs: 5_000 } }).apply(zone, failover);
    expect(r53).toHaveReceivedCommandTimes(GetChangeCommand, 3);
  });
});
