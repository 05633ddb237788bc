/**
 * The Worker's configuration: validated in full by the build step (infra/worker/build-config.ts) and
 * bundled normalised, so the isolate loads it without the schema validator (once per isolate), plus
 * what only the Worker's environment can tell (its secrets), checked here.
 */
import document from 'twinplane-config';
import { loadBuiltConfig } from '../core/config/built';
import type { Config } from '../core/config/model';
import type { Issue } from '../core/errors';
import { type Env, secret } from './env';

const REBUILD =
  'rebuild it with npm run build:worker (infra/worker/build-config.ts runs before every bundle)';

let parsed: { config: Config } | { error: unknown } | undefined;

/** The validated config; throws the same ConfigError on every call when the bundle is invalid. */
export function workerConfig(): Config {
  if (!parsed) {
    try {
      parsed = { config: loadBuiltConfig(document, REBUILD) };
    } catch (error) {
      parsed = { error };
    }
  }
  if ('error' in parsed) throw parsed.error;
  return parsed.config;
}

export const cloudflareTokenName = (config: Config) =>
  config.providers.cloudflare?.apiToken?.secret ?? 'CLOUDFLARE_API_TOKEN';

const uses = (config: Config, provider: string) =>
  config.records.some((r) => r.providers.includes(provider as never));

/** What the Worker lacks to run `config`: missing secrets. Empty when it has everything. */
export function environmentIssues(config: Config, env: Env): Issue[] {
  const issues: Issue[] = [];
  const token = cloudflareTokenName(config);
  if (uses(config, 'cloudflare') && !secret(env, token)) {
    issues.push({
      path: 'providers.cloudflare.apiToken',
      message: `the Worker has no secret ${token}; set it with wrangler secret put ${token} -c infra/wrangler.jsonc`,
    });
  }
  if (uses(config, 'route53') && !(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY)) {
    issues.push({
      path: 'providers.route53',
      message:
        'the Worker has no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY secrets, so it cannot steer Route 53',
    });
  }
  if (config.planes.peers.aws && !(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY)) {
    issues.push({
      path: 'planes.peers.aws',
      message:
        'the Worker has no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY secrets, so it cannot read the AWS beacon',
    });
  }
  if (!env.TWINPLANE_API_TOKEN) {
    issues.push({
      path: 'TWINPLANE_API_TOKEN',
      message: 'the Worker has no TWINPLANE_API_TOKEN secret, so its /v1 routes refuse every request',
    });
  }
  return issues;
}
