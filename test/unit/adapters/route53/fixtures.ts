/** Shared fixtures of the Route 53 adapter tests: record sets, SDK errors, a provider on a mocked client. */
import { Route53Client, Route53ServiceException } from '@aws-sdk/client-route-53';
import { route53Api } from '../../../../functions/adapters/route53/api';
import { type Route53DnsOptions, Route53DnsProvider } from '../../../../functions/adapters/route53/provider';
import { markerValue as marker } from '../../../../functions/core/ownership';
import type { RecordSet } from '../../../../functions/core/types';
import type { InstantClock } from '../../../helpers/aws';

export const zone = { id: 'Z0123456789ABC' };
export const markerName = '_twinplane-a.app.example.com';
export const markerValue = (epoch: number, pool: string) =>
  marker('test', 'app.example.com/A', { activePool: pool, epoch, plane: 'aws' });
export const a = (value: string, ttl: number): RecordSet => ({
  name: 'app.example.com',
  type: 'A',
  ttl,
  values: [value],
});
export const txt = (value: string): RecordSet => ({
  name: markerName,
  type: 'TXT',
  ttl: 300,
  values: [value],
});
export const throttled = () =>
  new Route53ServiceException({
    name: 'Throttling',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Rate exceeded',
  });
export const makeProvider = (clock: InstantClock, options: Partial<Route53DnsOptions> = {}) =>
  new Route53DnsProvider({
    api: route53Api(new Route53Client({ region: 'us-east-1' })),
    clock,
    random: () => 0.5,
    ...options,
  });
