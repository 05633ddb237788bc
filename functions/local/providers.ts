/**
 * The cloud DNS providers a local plane writes besides its embedded zone, when the config names them:
 * Route 53 with the AWS SDK's default credentials, Cloudflare with the token from the environment.
 */
import { createCloudflareProvider } from '../adapters/cloudflare/provider';
import { createRoute53Client, route53Api } from '../adapters/route53/api';
import { Route53DnsProvider } from '../adapters/route53/provider';
import { systemClock } from '../adapters/system/clock';
import type { Config, SecretRef } from '../core/config/model';
import { requireWiring } from '../core/config/wiring';
import type { DnsProvider, Logger } from '../core/ports';
import type { ProviderName } from '../core/types';

export async function cloudProviders(
  config: Config,
  resolveSecret: (ref: SecretRef) => Promise<string>,
  logger: Logger,
  env: Record<string, string | undefined> = {},
): Promise<Partial<Record<ProviderName, DnsProvider>>> {
  const providers: Partial<Record<ProviderName, DnsProvider>> = {};
  if (config.providers.route53) {
    providers.route53 = new Route53DnsProvider({
      api: route53Api(createRoute53Client(config.providers.route53.region)),
      clock: systemClock,
      logger,
    });
  }
  const cloudflare = config.providers.cloudflare;
  if (cloudflare?.apiToken) {
    // A token missing from the environment stops the plane here, naming the variable, not each tick.
    providers.cloudflare = createCloudflareProvider({
      apiToken: await resolveSecret(cloudflare.apiToken),
      clock: systemClock,
      ...(env.CLOUDFLARE_API_BASE_URL ? { baseURL: env.CLOUDFLARE_API_BASE_URL } : {}),
    });
  }
  requireWiring(
    config,
    'local',
    { ...providers, local: config.providers.local },
    {
      cloudflare: 'set providers.cloudflare.apiToken to {secret: NAME} and export the token as NAME',
    },
  );
  return providers;
}
