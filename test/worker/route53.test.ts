import { describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/validate';
import { ConfigError } from '../../functions/core/errors';
import { silentLogger } from '../../functions/core/ports';
import { awsBeaconReader, awsTableReaders, route53Provider } from '../../functions/worker/aws';
import { planeDeps } from '../../functions/worker/deps';
import type { Env } from '../../functions/worker/env';
import { CANNED_AWS_BEACON, CANNED_ZONE, cannedLargeBeacon } from '../fakes/aws-canned';

const config = parseConfig({
  planes: { peers: { aws: { table: 'twinplane-prod-state', region: 'eu-west-1' } } },
  providers: { route53: { hostedZoneId: CANNED_ZONE } },
  checks: { a: { http: { url: 'https://a.example.com/' } }, b: { http: { url: 'https://b.example.com/' } } },
  records: [
    {
      name: 'app.example.com',
      type: 'A',
      providers: ['route53'],
      pools: [
        { name: 'primary', values: ['192.0.2.10'], checks: ['a'] },
        { name: 'secondary', values: ['198.51.100.7'], checks: ['b'] },
      ],
    },
  ],
});

const env = (extra: Partial<Env> = {}) =>
  ({
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    AWS_ENDPOINT_URL: inject('route53Url'),
    ...extra,
  }) as Env;

describe('AWS from the Worker', () => {
  it('reads a hosted zone inside workerd over signed fetch, the XML read without the SDK', async () => {
    const provider = route53Provider(config, env(), silentLogger)!;
    const sets = await provider.read({ id: CANNED_ZONE });
    expect(sets).toContainEqual({ name: 'app.example.com', type: 'A', ttl: 300, values: ['192.0.2.10'] });
  });

  it('sends a signed ChangeBatch that swaps the record and its marker', async () => {
    const provider = route53Provider(config, env(), silentLogger)!;
    const [record, marker] = (await provider.read({ id: CANNED_ZONE })).sort((a, b) =>
      a.type.localeCompare(b.type),
    );
    await provider.apply({ id: CANNED_ZONE }, [
      {
        kind: 'update',
        role: 'record',
        record: 'app.example.com/A',
        prev: record!,
        next: { ...record!, ttl: 60, values: ['198.51.100.7'] },
      },
      {
        kind: 'update',
        role: 'marker',
        record: 'app.example.com/A',
        prev: marker!,
        next: {
          ...marker!,
          values: [
            'heritage=twinplane,owner=test,record=app.example.com/A,pool=secondary,epoch=1,plane=cloudflare',
          ],
        },
      },
    ]);
    const changes = (await (await fetch(`${inject('route53Url')}/__changes`)).json()) as string[];
    expect(changes.at(-1)).toContain('<Value>198.51.100.7</Value>');
    expect(changes.at(-1)).toContain('<Action>DELETE</Action>');
  });

  it('reads the AWS plane beacon from its DynamoDB table (planes.peers.aws)', async () => {
    const reader = awsBeaconReader(config, env())!;
    expect(reader.plane).toBe('aws');
    expect(await reader.read(new AbortController().signal)).toEqual(CANNED_AWS_BEACON);
  });

  it('reads a beacon stored gzipped (past the 400 KB item limit) inside workerd: the local plane copy', async () => {
    const peers = { ...config.planes.peers, local: { via: 'aws' as const } };
    const withLocal = { ...config, planes: { ...config.planes, peers } };
    const readers = awsTableReaders(withLocal, env());
    expect(readers.map((r) => r.plane)).toEqual(['aws', 'local']);
    const read = await readers[1]!.read(new AbortController().signal);
    expect(Object.keys(read!.records)).toHaveLength(10_000);
    expect(read).toEqual(cannedLargeBeacon());
  });

  it('is not wired without AWS credentials', () => {
    const bare = env({ AWS_ACCESS_KEY_ID: undefined });
    expect(route53Provider(config, bare, silentLogger)).toBeUndefined();
    expect(awsBeaconReader(config, bare)).toBeUndefined();
  });

  it('refuses to run the records without AWS credentials, naming the secrets, instead of failing each tick', async () => {
    const bare = env({ AWS_ACCESS_KEY_ID: undefined });
    const parts = { store: {} as never, metrics: {} as never, logger: silentLogger };
    const error = await planeDeps(config, bare, parts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        path: 'providers.route53',
        message: expect.stringContaining('no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY secrets'),
      },
    ]);
    expect(await planeDeps(config, env(), parts)).toMatchObject({ plane: 'cloudflare' });
  });
});
