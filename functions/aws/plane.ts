/**
 * The AWS plane's wiring: Route 53, Cloudflare and DynamoDB adapters and the notifier over clients made
 * once per container, and per invocation the logger, metrics and deadline they report to. Secrets come
 * from SSM, cached per container. No logic of its own.
 */
import { type SsmApi, SsmSecrets } from '../adapters/aws-secrets/ssm';
import { type CloudflareProviderOptions, createCloudflareProvider } from '../adapters/cloudflare/provider';
import type { DynamoDbApi } from '../adapters/dynamodb/api';
import { DynamoDbStateStore } from '../adapters/dynamodb/store';
import { createKvBeaconReader } from '../adapters/kv/peer-reader';
import { createNotifier } from '../adapters/notify/notifier';
import type { SnsPublisher } from '../adapters/notify/targets';
import { dynamoDbBeaconReader } from '../adapters/peers/dynamodb';
import { createWorkerBeaconReader } from '../adapters/peers/worker-api';
import { createProber } from '../adapters/probes';
import type { Route53Api } from '../adapters/route53/api';
import { Route53DnsProvider } from '../adapters/route53/provider';
import { systemClock } from '../adapters/system/clock';
import type { Config } from '../core/config/model';
import { requireWiring } from '../core/config/wiring';
import { errorMessage } from '../core/errors';
import type { Clock, DnsProvider, Logger, Metrics, Notifier, PeerReader, Prober } from '../core/ports';
import type { PlaneDeps } from '../core/tick';
import type { ProviderName } from '../core/types';
import type { AwsSettings } from './settings';

export interface AwsClients {
  route53: Route53Api;
  dynamodb: DynamoDbApi;
  ssm: SsmApi;
  sns?: SnsPublisher;
}

export interface Invocation {
  logger: Logger;
  metrics: Metrics;
  /** ms since epoch by which the invocation must have finished its calls. */
  deadline: number;
}

export interface AwsPlaneOptions {
  config: Config;
  settings: AwsSettings;
  clients: AwsClients;
  prober?: Prober;
  clock?: Clock;
  /** Where the Cloudflare adapter sends its requests (a fake or a proxy); default the public API. */
  cloudflare?: Pick<CloudflareProviderOptions, 'baseURL' | 'fetch'>;
}

export interface AwsPlane {
  config: Config;
  settings: AwsSettings;
  clock: Clock;
  deps(invocation: Invocation): Promise<PlaneDeps>;
}

export function createAwsPlane(options: AwsPlaneOptions): AwsPlane {
  const { config, settings, clients } = options;
  const clock = options.clock ?? systemClock;
  const prober = options.prober ?? createProber();
  const secrets = new SsmSecrets(clients.ssm, settings.ssmPrefix);
  const token = config.providers.cloudflare?.apiToken;
  // A config the plane cannot run fails the cold start, not every tick.
  requireWiring(
    config,
    'aws',
    { route53: config.providers.route53, cloudflare: token },
    {
      cloudflare: `set providers.cloudflare.apiToken to {secret: NAME} and store the token as the SSM SecureString ${settings.ssmPrefix}NAME`,
    },
  );

  /**
   * A Cloudflare token that cannot be read this invocation costs the Cloudflare side only: Route 53
   * still fails over, and the tick reports the Cloudflare side with the reason (retryable or not).
   */
  async function cloudflare(invocation: Invocation): Promise<DnsProvider | Error | undefined> {
    if (!config.providers.cloudflare || !token) return undefined;
    try {
      return createCloudflareProvider({
        ...options.cloudflare,
        apiToken: await secrets.resolve(token),
        clock,
        budgetMs: Math.max(1_000, Math.min(20_000, invocation.deadline - clock.now())),
      });
    } catch (error) {
      invocation.logger.error('cloudflare skipped', { reason: errorMessage(error) });
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  async function notifier(invocation: Invocation): Promise<Notifier | undefined> {
    if (config.notify.length === 0) return undefined;
    return createNotifier(config, {
      plane: 'aws',
      clock,
      logger: invocation.logger,
      resolveSecret: (ref) => secrets.resolve(ref),
      ...(clients.sns ? { sns: clients.sns } : {}),
    });
  }

  /**
   * The Cloudflare plane's beacon, when planes.peers.cloudflare says where: from the Worker's
   * GET /v1/beacon when `url` is set, with Workers KV over the API as the fallback (or alone).
   */
  async function peers(invocation: Invocation): Promise<PeerReader[]> {
    // The local plane, when it votes, copies its beacon into this plane's own table.
    const local = config.planes.peers.local
      ? [dynamoDbBeaconReader({ api: clients.dynamodb, tableName: settings.table, plane: 'local' })]
      : [];
    const kv = config.planes.peers.cloudflare;
    if (!kv) return local;
    try {
      const fromKv = createKvBeaconReader({
        accountId: kv.accountId,
        namespaceId: kv.namespaceId,
        apiToken: await secrets.resolve(kv.apiToken),
        ...(options.cloudflare?.baseURL ? { baseURL: options.cloudflare.baseURL } : {}),
        ...(options.cloudflare?.fetch ? { fetch: options.cloudflare.fetch } : {}),
      });
      // The Worker's API first (fresh from its Durable Object), KV when the route fails.
      if (!kv.url || !kv.token) return [...local, fromKv];
      return [
        ...local,
        createWorkerBeaconReader({
          url: kv.url,
          token: await secrets.resolve(kv.token),
          fallback: fromKv,
          ...(options.cloudflare?.fetch ? { fetch: options.cloudflare.fetch } : {}),
        }),
      ];
    } catch (error) {
      invocation.logger.error('cloudflare beacon unreadable', { reason: errorMessage(error) });
      return local;
    }
  }

  return {
    config,
    settings,
    clock,
    async deps(invocation) {
      const providers: Partial<Record<ProviderName, DnsProvider>> = {};
      if (config.providers.route53) {
        providers.route53 = new Route53DnsProvider({
          api: clients.route53,
          clock,
          logger: invocation.logger,
          deadline: () => invocation.deadline,
          ...(settings.waitForSyncMs > 0 ? { waitForSync: { timeoutMs: settings.waitForSyncMs } } : {}),
        });
      }
      const [cf, notify, peerReaders] = await Promise.all([
        cloudflare(invocation),
        notifier(invocation),
        peers(invocation),
      ]);
      if (cf && !(cf instanceof Error)) providers.cloudflare = cf;
      return {
        config,
        plane: 'aws',
        ...(cf instanceof Error ? { unavailable: { cloudflare: cf } } : {}),
        store: new DynamoDbStateStore({
          api: clients.dynamodb,
          tableName: settings.table,
          historyTtlDays: settings.historyTtlDays,
          now: () => clock.now(),
        }),
        providers,
        prober,
        clock,
        logger: invocation.logger,
        metrics: invocation.metrics,
        ...(notify ? { notifier: notify } : {}),
        peers: peerReaders,
      };
    },
  };
}
