/**
 * The AWS plane's wiring: Route 53 and DynamoDB adapters over SDK clients made once per container, and
 * per invocation the logger, metrics and deadline they report to. No logic of its own.
 */
import { createDynamoDbClient, type DynamoDbApi, dynamoDbApi } from '../adapters/dynamodb/api';
import { DynamoDbStateStore } from '../adapters/dynamodb/store';
import { createProber } from '../adapters/probes';
import { createRoute53Client, type Route53Api, route53Api } from '../adapters/route53/api';
import { Route53DnsProvider } from '../adapters/route53/provider';
import { systemClock } from '../adapters/system/clock';
import type { Config } from '../core/config/model';
import type { Clock, DnsProvider, Logger, Metrics, Prober } from '../core/ports';
import type { PlaneDeps } from '../core/tick';
import type { ProviderName } from '../core/types';
import type { AwsSettings } from './settings';

export interface AwsClients {
  route53: Route53Api;
  dynamodb: DynamoDbApi;
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
}

export interface AwsPlane {
  config: Config;
  settings: AwsSettings;
  clock: Clock;
  deps(invocation: Invocation): PlaneDeps;
}

/** Real SDK clients; AWS_ENDPOINT_URL (or a per-service variant) redirects them, e.g. to LocalStack. */
export function defaultClients(config: Config): AwsClients {
  return {
    route53: route53Api(createRoute53Client(config.providers.route53?.region)),
    dynamodb: dynamoDbApi(createDynamoDbClient()),
  };
}

export function createAwsPlane(options: AwsPlaneOptions): AwsPlane {
  const { config, settings, clients } = options;
  const clock = options.clock ?? systemClock;
  const prober = options.prober ?? createProber();
  return {
    config,
    settings,
    clock,
    deps(invocation) {
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
      return {
        config,
        plane: 'aws',
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
      };
    },
  };
}
