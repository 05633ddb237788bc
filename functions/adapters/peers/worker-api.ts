/**
 * Reads the Cloudflare plane's beacon from the Worker's own API (`GET /v1/beacon`, answered from its
 * Durable Object, so as fresh as the Worker's last probe round), and from a fallback reader (the KV
 * copy, up to a minute stale) when the route fails: a dead Worker then shows as an ageing beacon.
 * Runtime-neutral: fetch only.
 */
import { errorMessage, StoreError } from '../../core/errors';
import type { PeerReader } from '../../core/ports';
import type { Beacon } from '../../core/types';
import { parseBeacon } from '../kv/beacon';

export interface WorkerBeaconReaderOptions {
  /** The Worker's base URL (planes.peers.cloudflare.url). */
  url: string;
  /** The Worker's API bearer token. */
  token: string;
  /** Read when the route fails (the KV reader). */
  fallback?: PeerReader;
  fetch?: typeof fetch;
}

/** Reads one beacon from the route; throws StoreError naming what went wrong. */
async function readRoute(
  options: WorkerBeaconReaderOptions,
  signal: AbortSignal,
): Promise<Beacon | undefined> {
  const url = `${options.url.replace(/\/+$/, '')}/v1/beacon`;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
      signal,
    });
  } catch (error) {
    throw new StoreError(`GET ${url}: ${errorMessage(error)}`, { retryable: true, cause: error });
  }
  const text = await response.text();
  if (response.status === 404 && text.includes('no beacon')) return undefined;
  if (response.status !== 200)
    throw new StoreError(`GET ${url}: status ${response.status}`, { retryable: response.status >= 500 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new StoreError(`GET ${url}: the answer is not JSON`, { retryable: false, cause: error });
  }
  const result = (body as { ok?: unknown; result?: unknown } | null)?.result;
  if ((body as { ok?: unknown } | null)?.ok !== true || result === undefined)
    throw new StoreError(`GET ${url}: the answer has no beacon`, { retryable: false });
  const beacon = parseBeacon(JSON.stringify(result), 'cloudflare');
  if (beacon instanceof Error) throw new StoreError(`GET ${url}: ${beacon.message}`, { retryable: false });
  return beacon;
}

export function createWorkerBeaconReader(options: WorkerBeaconReaderOptions): PeerReader {
  return {
    plane: 'cloudflare',
    async read(signal: AbortSignal): Promise<Beacon | undefined> {
      try {
        return await readRoute(options, signal);
      } catch (error) {
        if (!options.fallback || signal.aborted) throw error;
        try {
          return await options.fallback.read(signal);
        } catch (fallback) {
          throw new StoreError(`${errorMessage(error)}; KV fallback: ${errorMessage(fallback)}`, {
            retryable: true,
            cause: fallback,
          });
        }
      }
    },
  };
}
