/**
 * The Worker's bindings, as `wrangler types -c infra/wrangler.jsonc` describes them, plus the secrets
 * and optional variables (wrangler cannot see those; they are set with `wrangler secret put`).
 */
import type { PlaneCoordinator } from './coordinator';

export interface Env {
  /** Workers KV: the mirror of states, transitions and beacons other planes read. */
  STATE: KVNamespace;
  /** The Durable Object that serialises every tick and manual action. */
  COORDINATOR: DurableObjectNamespace<PlaneCoordinator>;
  /** Secret: the bearer token of the /v1 routes and /metrics. */
  TWINPLANE_API_TOKEN?: string;
  /** Secret: the Cloudflare API token (DNS Edit on the zones), unless the config names another secret. */
  CLOUDFLARE_API_TOKEN?: string;
  /** Optional: another Cloudflare API base URL (a proxy, or the fake when running locally). */
  CLOUDFLARE_API_BASE_URL?: string;
  /** Optional: least time between two beacon writes to KV, as a duration (default 60s). */
  KV_BEACON_INTERVAL?: string;
  /**
   * Optional: `alarm` (default) runs sub-minute probe rounds on the Durable Object alarm between the
   * once-a-minute Cron Triggers; `cron` ticks on the Cron Trigger only.
   */
  PROBE_ROUNDS?: string;
  /** Optional: debug, info, warn or error (default info). */
  LOG_LEVEL?: string;
  /** Secrets: AWS credentials that let the Worker steer Route 53 and read the AWS plane's beacon (planes.peers.aws). */
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  /** Optional: another AWS endpoint (LocalStack, a test double). */
  AWS_ENDPOINT_URL?: string;
}

/** A secret named in the config (`{secret: NAME}`), read from the Worker's environment. */
export function secret(env: Env, name: string): string | undefined {
  const value = (env as unknown as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
