/**
 * The Worker's signed-fetch clients (adapters/aws-fetch) against LocalStack's Route 53 and the suite's
 * DynamoDB, through the same adapters the Worker runs: what they write is what the SDK reads back, what
 * they read is what the SDK-backed adapter reads, and a lost race is the same typed error. Its own
 * hosted zone and table. (Neither LocalStack nor moto checks signatures by default, so this holds the
 * wire format; the signature is held to the SDK's signer in test/unit/adapters/aws-fetch.)
 */
import { readFileSync } from 'node:fs';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDbClient, dynamoDbApi } from '../../functions/adapters/dynamodb/api';
import { dynamoDbFetchApi } from '../../functions/adapters/dynamodb/fetch-api';
import { DynamoDbStateStore } from '../../functions/adapters/dynamodb/store';
import { createRoute53Client, type Route53Api, route53Api } from '../../functions/adapters/route53/api';
import { translateRoute53Error } from '../../functions/adapters/route53/errors';
import { route53FetchApi } from '../../functions/adapters/route53/fetch-api';
import { Route53DnsProvider } from '../../functions/adapters/route53/provider';
import { systemClock } from '../../functions/adapters/system/clock';
import { ConflictError } from '../../functions/core/errors';
import { silentLogger } from '../../functions/core/ports';
import type { Beacon, Change, RecordSet, RecordState } from '../../functions/core/types';
import { createStateTable, type Template } from './deploy';

const ZONE = 'fetch-it.example.com';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const route53Endpoint = () => process.env.AWS_ENDPOINT_URL_ROUTE_53 ?? process.env.AWS_ENDPOINT_URL;
const dynamoDbEndpoint = () => process.env.AWS_ENDPOINT_URL_DYNAMODB ?? process.env.AWS_ENDPOINT_URL;
const sdk = new Route53Client({ region: 'us-east-1' });
let zone: { id: string };

const provider = (api: Route53Api) =>
  new Route53DnsProvider({ api, clock: systemClock, logger: silentLogger, retry: { budgetMs: 10_000 } });
const fetchApi = () => route53FetchApi({ endpoint: route53Endpoint(), credentials });
const viaFetch = () => provider(fetchApi());
const viaSdk = () => provider(route53Api(createRoute53Client()));
const byKey = (sets: RecordSet[]) =>
  [...sets].sort((a, b) => `${a.name}/${a.type}`.localeCompare(`${b.name}/${b.type}`));

const a = (values: string[], ttl = 300): RecordSet => ({ name: `app.${ZONE}`, type: 'A', ttl, values });
const marker = (epoch: number, pool: string): RecordSet => ({
  name: `_twinplane-a.app.${ZONE}`,
  type: 'TXT',
  ttl: 300,
  values: [
    `"heritage=twinplane,owner=fetch-it,record=app.${ZONE}/A,pool=${pool},epoch=${epoch},plane=cloudflare"`,
  ],
});
const record = `app.${ZONE}/A`;

beforeAll(async () => {
  const created = await sdk.send(
    new CreateHostedZoneCommand({ Name: ZONE, CallerReference: `twinplane-fetch-it-${Date.now()}` }),
  );
  zone = { id: created.HostedZone!.Id!.replace('/hostedzone/', '') };
});

describe('Route 53 over signed fetch, on LocalStack', () => {
  it('creates a record and its marker that the SDK reads back, and reads them as the SDK adapter does', async () => {
    const create: Change[] = [
      { kind: 'create', role: 'record', record, next: a(['192.0.2.10']) },
      { kind: 'create', role: 'marker', record, next: marker(0, 'primary') },
    ];
    await viaFetch().apply(zone, create);
    const listed = await sdk.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.id }));
    expect(listed.ResourceRecordSets?.find((s) => s.Name === `app.${ZONE}.` && s.Type === 'A')).toMatchObject(
      {
        TTL: 300,
        ResourceRecords: [{ Value: '192.0.2.10' }],
      },
    );
    const mine = byKey(await viaFetch().read(zone));
    expect(mine).toEqual(byKey(await viaSdk().read(zone)));
    expect(mine).toContainEqual(a(['192.0.2.10']));
    expect(mine).toContainEqual(marker(0, 'primary'));
  });

  it('swaps the record and its marker in one batch', async () => {
    await viaFetch().apply(zone, [
      {
        kind: 'update',
        role: 'record',
        record,
        prev: a(['192.0.2.10']),
        next: a(['198.51.100.7', '198.51.100.8'], 60),
      },
      { kind: 'update', role: 'marker', record, prev: marker(0, 'primary'), next: marker(1, 'secondary') },
    ]);
    const sets = await viaSdk().read(zone);
    expect(sets).toContainEqual(a(['198.51.100.7', '198.51.100.8'], 60));
    expect(sets).toContainEqual(marker(1, 'secondary'));
  });

  it('a swap of a marker planned on a stale read is refused with the same code and message through both clients', async () => {
    // A swap planned on a stale read of the marker: LocalStack does not check a DELETE's values, but
    // refuses the CREATE of a set it still holds.
    const set = (m: RecordSet) => ({
      Name: `${m.name}.`,
      Type: 'TXT' as const,
      TTL: m.ttl,
      ResourceRecords: m.values.map((Value) => ({ Value })),
    });
    const input = {
      HostedZoneId: zone.id,
      ChangeBatch: {
        Changes: [
          { Action: 'DELETE' as const, ResourceRecordSet: set(marker(0, 'primary')) },
          { Action: 'CREATE' as const, ResourceRecordSet: set(marker(2, 'primary')) },
        ],
      },
    };
    const refusal = (api: Route53Api) =>
      api.changeResourceRecordSets(input).then(
        () => undefined,
        (error: unknown) => translateRoute53Error(error, 'changing'),
      );
    const [sdkError, fetchError] = [
      await refusal(route53Api(createRoute53Client())),
      await refusal(fetchApi()),
    ];
    expect(sdkError?.code).toMatch(/^Invalid/);
    expect(fetchError?.code).toBe(sdkError?.code);
    expect(fetchError?.message).toBe(sdkError?.message);
    expect(fetchError?.retryable).toBe(false);
    expect(await viaSdk().read(zone)).toContainEqual(marker(1, 'secondary'));
  });

  it('reads a zone of more than one page (300 record sets) whole', async () => {
    const Changes = Array.from({ length: 340 }, (_, i) => ({
      Action: 'CREATE' as const,
      ResourceRecordSet: {
        Name: `bulk-${String(i).padStart(3, '0')}.${ZONE}.`,
        Type: 'TXT' as const,
        TTL: 60,
        ResourceRecords: [{ Value: `"n=${i} & <more>"` }],
      },
    }));
    await sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.id, ChangeBatch: { Changes } }));
    const mine = byKey(await viaFetch().read(zone));
    expect(mine.filter((s) => s.name.startsWith('bulk-'))).toHaveLength(340);
    expect(mine).toContainEqual({
      name: `bulk-007.${ZONE}`,
      type: 'TXT',
      ttl: 60,
      values: ['n=7 & <more>'],
    });
    expect(mine).toEqual(byKey(await viaSdk().read(zone)));
  });

  it('polls a submitted change', async () => {
    const api = fetchApi();
    const changed = await api.changeResourceRecordSets({
      HostedZoneId: `/hostedzone/${zone.id}`,
      ChangeBatch: {
        Comment: 'fetch client & poll',
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              Name: `poll.${ZONE}.`,
              Type: 'A',
              TTL: 60,
              ResourceRecords: [{ Value: '192.0.2.1' }],
            },
          },
        ],
      },
    });
    expect(changed.ChangeInfo?.Id).toBeTruthy();
    const status = await api.getChange({ Id: changed.ChangeInfo!.Id! });
    expect(['PENDING', 'INSYNC']).toContain(status.ChangeInfo?.Status);
    expect(status.ChangeInfo?.SubmittedAt).toBeInstanceOf(Date);
  });
});

describe('DynamoDB over signed fetch, on the suite DynamoDB', () => {
  const table = `twinplane-fetch-it-${process.pid}-${Date.now()}`;
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const fetchStore = () =>
    new DynamoDbStateStore({
      api: dynamoDbFetchApi({ region, endpoint: dynamoDbEndpoint(), credentials }),
      tableName: table,
    });
  const sdkStore = () =>
    new DynamoDbStateStore({ api: dynamoDbApi(createDynamoDbClient()), tableName: table });
  const beacon: Beacon = {
    plane: 'aws',
    at: Date.UTC(2026, 11, 3),
    records: { [record]: { activePool: 'secondary', epoch: 1 } },
    view: { vantage: 'aws', at: Date.UTC(2026, 11, 3), checks: {} },
  };
  const state = (epoch: number): RecordState => ({
    record,
    activePool: epoch % 2 ? 'secondary' : 'primary',
    epoch,
    since: Date.UTC(2026, 11, 3),
    reason: 'failover',
    plane: 'cloudflare',
  });

  beforeAll(async () => {
    const template = JSON.parse(readFileSync(inject('integration').templateFile, 'utf8')) as Template;
    await createStateTable(template, table);
  });

  it('reads the beacon the SDK store published, and publishes one the SDK store reads', async () => {
    await sdkStore().publishBeacon(beacon);
    expect(await fetchStore().loadBeacon('aws')).toEqual(beacon);
    const cloudflare = { ...beacon, plane: 'cloudflare' as const, at: beacon.at + 1 };
    await fetchStore().publishBeacon(cloudflare);
    expect(await sdkStore().loadBeacon('cloudflare')).toEqual(cloudflare);
  });

  it('publishes a beacon of 10,000 records (past the 400 KB item limit as JSON) gzipped, read whole by both', async () => {
    const records: Beacon['records'] = {};
    for (let i = 0; i < 10_000; i++) records[`app-${i}.${ZONE}/A`] = { activePool: 'primary', epoch: i };
    const large: Beacon = { ...beacon, at: beacon.at + 10, records };
    expect(JSON.stringify(large).length).toBeGreaterThan(400 * 1024);
    await sdkStore().publishBeacon(large);
    expect(await fetchStore().loadBeacon('aws')).toEqual(large);
    const fromWorker = { ...large, plane: 'cloudflare' as const, at: large.at + 1 };
    await fetchStore().publishBeacon(fromWorker);
    expect(await sdkStore().loadBeacon('cloudflare')).toEqual(fromWorker);
  });

  it('commits a state with its transition, and loses a stale compare-and-set as ConflictError', async () => {
    const version = await fetchStore().commit(state(1), 0, {
      id: `${record}#1`,
      record,
      epoch: 1,
      from: 'primary',
      to: 'secondary',
      kind: 'failover',
      reason: 'fetch-it',
      at: Date.UTC(2026, 11, 3),
      plane: 'cloudflare',
      failing: [],
    });
    expect(version).toBe(1);
    expect((await sdkStore().loadRecords()).get(record)).toEqual({ value: state(1), version: 1 });
    await expect(fetchStore().commit(state(2), 0)).rejects.toBeInstanceOf(ConflictError);
    expect((await sdkStore().history()).map((t) => t.id)).toEqual([`${record}#1`]);
  });
});

afterAll(() => sdk.destroy());
