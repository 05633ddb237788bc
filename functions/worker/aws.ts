/**
 * AWS from the Worker, so Cloudflare alone can fail over both providers: the same Route 53 adapter as
 * the AWS plane, and the AWS plane's beacon read from its DynamoDB table. Credentials are wrangler
 * secrets. The calls go over signed fetch (adapters/aws-fetch), not the SDK clients: those, with the XML
 * parser their browser build needs in workerd, were most of the Worker's bundle.
 */
import type { AwsFetchOptions } from '../adapters/aws-fetch/client';
import { dynamoDbFetchApi } from '../adapters/dynamodb/fetch-api';
import { dynamoDbBeaconReader } from '../adapters/peers/dynamodb';
import { route53FetchApi } from '../adapters/route53/fetch-api';
import { Route53DnsProvider } from '../adapters/route53/provider';
import { systemClock } from '../adapters/system/clock';
import type { Config } from '../core/config/model';
import type { Logger, PeerReader } from '../core/ports';
import type { Env } from './env';

function clientConfig(env: Env, region: string): AwsFetchOptions | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    region,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
  };
}

/** The Route 53 provider, when the config uses Route 53 and the Worker has AWS credentials. */
export function route53Provider(config: Config, env: Env, logger: Logger): Route53DnsProvider | undefined {
  const options =
    config.providers.route53 && clientConfig(env, config.providers.route53.region ?? 'us-east-1');
  if (!options) return undefined;
  return new Route53DnsProvider({
    api: route53FetchApi(options),
    clock: systemClock,
    logger,
    retry: { budgetMs: 20_000 },
  });
}

/** Reads the AWS plane's beacon from its DynamoDB table (planes.peers.aws), with the Worker's AWS secrets. */
export function awsBeaconReader(config: Config, env: Env): PeerReader | undefined {
  return awsTableReaders(config, env)[0];
}

/** The AWS plane's beacon and, when the local plane votes (planes.peers.local), its copy in the same table. */
export function awsTableReaders(config: Config, env: Env): PeerReader[] {
  const peer = config.planes.peers.aws;
  const options = peer && clientConfig(env, peer.region ?? 'us-east-1');
  if (!peer || !options) return [];
  const api = dynamoDbFetchApi(options);
  const readers = [dynamoDbBeaconReader({ api, tableName: peer.table })];
  if (config.planes.peers.local)
    readers.push(dynamoDbBeaconReader({ api, tableName: peer.table, plane: 'local' }));
  return readers;
}
