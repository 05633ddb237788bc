/**
 * Wiring of one Cloudflare-plane operation: the core's ports on the Worker's adapters. Built per
 * operation (cheap); the Durable Object passes in what must persist (store, metrics).
 */

import { connect } from 'cloudflare:sockets';
import { createCloudflareProvider } from '../adapters/cloudflare/provider';
import { createNotifier } from '../adapters/notify/notifier';
import { createFetchProber } from '../adapters/probes/fetch';
import { systemClock } from '../adapters/system/clock';
import type { Config } from '../core/config/model';
import { requireWiring } from '../core/config/wiring';
import { SecretError } from '../core/errors';
import type { DnsProvider, Logger, Metrics, Notifier, PeerReader, StateStore } from '../core/ports';
import type { PlaneDeps } from '../core/tick';
import type { ProviderName } from '../core/types';
import { awsTableReaders, route53Provider } from './aws';
import { cloudflareTokenName } from './config';
import { type Env, secret } from './env';

export interface DurableParts {
  store: StateStore;
  metrics: Metrics;
  logger: Logger;
}

export function providersFor(
  config: Config,
  env: Env,
  logger: Logger,
): Partial<Record<ProviderName, DnsProvider>> {
  const providers: Partial<Record<ProviderName, DnsProvider>> = {};
  const token = secret(env, cloudflareTokenName(config));
  if (config.providers.cloudflare && token) {
    providers.cloudflare = createCloudflareProvider({
      apiToken: token,
      ...(env.CLOUDFLARE_API_BASE_URL ? { baseURL: env.CLOUDFLARE_API_BASE_URL } : {}),
    });
  }
  const route53 = route53Provider(config, env, logger);
  if (route53) providers.route53 = route53;
  logger.debug('providers wired', { providers: Object.keys(providers) });
  return providers;
}

export function peersFor(config: Config, env: Env): PeerReader[] {
  return awsTableReaders(config, env);
}

/** Slack, Teams and webhooks over fetch; SNS targets are the AWS plane's and are skipped here. */
async function notifierFor(config: Config, env: Env, logger: Logger): Promise<Notifier | undefined> {
  if (config.notify.length === 0) return undefined;
  return createNotifier(config, {
    plane: 'cloudflare',
    clock: systemClock,
    logger,
    resolveSecret: async (ref) => {
      const value = secret(env, ref.secret);
      if (!value)
        throw new SecretError(ref.secret, `the Worker has no secret ${ref.secret}`, { retryable: false });
      return value;
    },
  });
}

export async function planeDeps(config: Config, env: Env, parts: DurableParts): Promise<PlaneDeps> {
  const providers = providersFor(config, env, parts.logger);
  const token = cloudflareTokenName(config);
  requireWiring(config, 'cloudflare', providers, {
    cloudflare: `the Worker has no secret ${token}; set it with wrangler secret put ${token} -c infra/wrangler.jsonc`,
    route53: 'the Worker has no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY secrets',
  });
  const notifier = await notifierFor(config, env, parts.logger);
  return {
    config,
    plane: 'cloudflare',
    store: parts.store,
    providers,
    prober: createFetchProber({ connect }),
    clock: systemClock,
    logger: parts.logger,
    metrics: parts.metrics,
    peers: peersFor(config, env),
    ...(notifier ? { notifier } : {}),
  };
}
