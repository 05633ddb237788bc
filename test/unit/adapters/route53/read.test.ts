import {
  ListResourceRecordSetsCommand,
  Route53Client,
  Route53ServiceException,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Route53DnsOptions } from '../../../../functions/adapters/route53/provider';
import { ProviderError } from '../../../../functions/core/errors';
import { InstantClock } from '../../../helpers/aws';
import { a, makeProvider, markerValue, throttled, txt, zone } from './fixtures';

const r53 = mockClient(Route53Client);
let clock: InstantClock;
const provider = (options: Partial<Route53DnsOptions> = {}) => makeProvider(clock, options);

beforeEach(() => {
  r53.reset();
  clock = new InstantClock();
});

describe('Route53DnsProvider.read', () => {
  it('reads every page of the zone once, following the Next* cursor', async () => {
    r53
      .on(ListResourceRecordSetsCommand)
      .resolvesOnce({
        ResourceRecordSets: [
          {
            Name: 'example.com.',
            Type: 'NS',
            TTL: 172800,
            ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }],
          },
          { Name: 'App.Example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.10' }] },
        ],
        IsTruncated: true,
        NextRecordName: '_twinplane-a.app.example.com.',
        NextRecordType: 'TXT',
        MaxItems: 2,
      })
      .resolvesOnce({
        ResourceRecordSets: [
          {
            Name: '_twinplane-a.app.example.com.',
            Type: 'TXT',
            TTL: 300,
            ResourceRecords: [{ Value: `"${markerValue(0, 'primary')}"` }],
          },
        ],
        IsTruncated: false,
        MaxItems: 2,
      });
    const sets = await provider({ pageSize: 2 }).read(zone);
    expect(r53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 2);
    expect(r53).toHaveReceivedNthCommandWith(ListResourceRecordSetsCommand, 1, {
      HostedZoneId: zone.id,
      MaxItems: 2,
    });
    expect(r53).toHaveReceivedNthCommandWith(ListResourceRecordSetsCommand, 2, {
      HostedZoneId: zone.id,
      StartRecordName: '_twinplane-a.app.example.com.',
      StartRecordType: 'TXT',
    });
    expect(sets).toEqual([
      { name: 'example.com', type: 'NS', ttl: 172800, values: ['ns-1.awsdns-01.org.'] },
      a('192.0.2.10', 300),
      txt(markerValue(0, 'primary')),
    ]);
  });

  it('retries a throttled page and translates a refusal into a ProviderError', async () => {
    r53
      .on(ListResourceRecordSetsCommand)
      .rejectsOnce(throttled())
      .resolves({ ResourceRecordSets: [], IsTruncated: false });
    await expect(provider().read(zone)).resolves.toEqual([]);
    expect(r53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 2);

    r53.reset();
    r53.on(ListResourceRecordSetsCommand).rejects(
      new Route53ServiceException({
        name: 'NoSuchHostedZone',
        $fault: 'client',
        $metadata: {},
        message: 'No hosted zone found',
      }),
    );
    const error = await provider()
      .read(zone)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: false, code: 'NoSuchHostedZone' });
    expect(r53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1);
  });
});
