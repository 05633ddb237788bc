/**
 * Where `twinplane zone` reads and writes: a provider zone (route53 through the AWS SDK's default
 * credential chain, AWS_ENDPOINT_URL honoured; cloudflare with the token the config names, or
 * CLOUDFLARE_API_TOKEN, at CLOUDFLARE_API_BASE_URL if set; local in the state directory), or a file.
 */
import { readFile } from 'node:fs/promises';
import { createCloudflareProvider } from '../../adapters/cloudflare/provider';
import { LocalZoneProvider } from '../../adapters/local/zone';
import { createRoute53Client, route53Api } from '../../adapters/route53/api';
import { Route53DnsProvider } from '../../adapters/route53/provider';
import type { Config, ZoneSpec } from '../../core/config/model';
import { SecretError } from '../../core/errors';
import { normalizeName } from '../../core/names';
import type { DnsProvider } from '../../core/ports';
import type { ProviderName } from '../../core/types';
import { parseBind } from '../../zone/bind-parse';
import { parseJson } from '../../zone/json';
import type { Zone } from '../../zone/model';
import { inferOrigin, toZone } from '../../zone/records';

export class ZoneUsageError extends Error {}

export interface EndpointOptions {
  config?: Config;
  zoneId?: string;
  /** Picks one of several configured zones by domain; also the origin when a zone has no domain. */
  zone?: string;
  state: string;
  env: Record<string, string | undefined>;
}

export interface Endpoint {
  /** e.g. `route53:Z0123456789ABC`. */
  label: string;
  provider: DnsProvider;
  zone: ZoneSpec;
  /** Flushes what the provider holds in memory (the local zone file). */
  close(): Promise<void>;
}

const PROVIDER_NAMES = ['route53', 'cloudflare', 'local'] as const;
export const isProviderName = (name: string): name is ProviderName =>
  (PROVIDER_NAMES as readonly string[]).includes(name);

function pickZone(name: ProviderName, options: EndpointOptions): ZoneSpec {
  const domain = options.zone ? normalizeName(options.zone) : undefined;
  if (options.zoneId) return { id: options.zoneId, ...(domain ? { domain } : {}) };
  const zones = options.config?.providers[name]?.zones ?? [];
  if (zones.length === 0)
    throw new ZoneUsageError(`no ${name} zone: give --zone-id, or --config with providers.${name}`);
  if (zones.length === 1) {
    const only = zones[0]!;
    return only.domain || !domain ? only : { ...only, domain };
  }
  const chosen = zones.find((z) => z.domain === domain);
  if (!chosen)
    throw new ZoneUsageError(
      `several ${name} zones are configured; pick one with --zone (${zones.map((z) => z.domain).join(', ')})`,
    );
  return chosen;
}

function cloudflareToken(options: EndpointOptions): string {
  const name = options.config?.providers.cloudflare?.apiToken?.secret ?? 'CLOUDFLARE_API_TOKEN';
  const token = options.env[name];
  if (!token)
    throw new SecretError(name, `cloudflare: set the API token in the environment variable ${name}`, {
      retryable: false,
    });
  return token;
}

export function openEndpoint(name: string, options: EndpointOptions): Endpoint {
  if (!isProviderName(name)) throw new ZoneUsageError(`"${name}" is not one of ${PROVIDER_NAMES.join(', ')}`);
  const zone = pickZone(name, options);
  const label = `${name}:${zone.id}`;
  const done = async () => {};
  if (name === 'route53') {
    const api = route53Api(createRoute53Client(options.config?.providers.route53?.region));
    return { label, zone, provider: new Route53DnsProvider({ api }), close: done };
  }
  if (name === 'cloudflare') {
    const baseURL = options.env.CLOUDFLARE_API_BASE_URL;
    const provider = createCloudflareProvider({
      apiToken: cloudflareToken(options),
      ...(baseURL ? { baseURL } : {}),
      comment: 'restored by twinplane zone import',
    });
    return { label, zone, provider, close: done };
  }
  const local = new LocalZoneProvider(options.state);
  return { label, zone, provider: local, close: () => local.flush() };
}

/** Reads an endpoint's zone; the origin is the zone's domain, its SOA, or the name all others sit under. */
export async function readEndpoint(endpoint: Endpoint): Promise<Zone> {
  const sets = await endpoint.provider.read(endpoint.zone);
  const origin = inferOrigin(sets, endpoint.zone.domain);
  if (!origin)
    throw new ZoneUsageError(`cannot tell the apex of ${endpoint.label}: name it with --zone DOMAIN`);
  return toZone(origin, sets);
}

/** A JSON backup (by extension or content) or else a BIND zone file. */
export async function readZoneFile(path: string, origin?: string): Promise<Zone> {
  const text = await readFile(path, 'utf8');
  if (path.endsWith('.json') || text.trimStart().startsWith('{')) return parseJson(text, path);
  return parseBind(text, path, origin);
}
