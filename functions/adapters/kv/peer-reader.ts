/**
 * Lets another plane (Lambda, local) read the Cloudflare plane's beacon straight from Workers KV over
 * the Cloudflare API, so a dead Worker shows as an ageing beacon rather than an unreachable endpoint.
 * Runtime-neutral: the SDK's KV values resource on an injected fetch.
 */
import { BaseValues } from 'cloudflare/resources/kv/namespaces/values';
import { createClient } from 'cloudflare/tree-shakable';
import type { PeerReader } from '../../core/ports';
import type { Beacon, PlaneId } from '../../core/types';
import { DEFAULT_BASE_URL } from '../cloudflare/client';
import { errorCodes, translate } from '../cloudflare/errors';
import { parseBeacon } from './beacon';
import { kvKeys } from './keys';

export interface KvBeaconReaderOptions {
  accountId: string;
  /** The id of the Worker's STATE namespace (wrangler kv namespace list). */
  namespaceId: string;
  /** A token with Workers KV Storage read permission. */
  apiToken: string;
  /** The plane whose beacon to read. Default cloudflare. */
  plane?: PlaneId;
  baseURL?: string;
  fetch?: typeof fetch;
}

/** Key not found in the namespace. */
const NOT_FOUND = 10009;

export function createKvBeaconReader(options: KvBeaconReaderOptions): PeerReader {
  const plane = options.plane ?? 'cloudflare';
  const client = createClient({
    apiToken: options.apiToken,
    baseURL: options.baseURL || DEFAULT_BASE_URL,
    fetch: (options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))) as never,
    maxRetries: 0,
    logLevel: 'off',
    resources: [BaseValues],
  });
  return {
    plane,
    async read(signal: AbortSignal): Promise<Beacon | undefined> {
      let text: string;
      try {
        const response = await client.kv.namespaces.values.get(
          kvKeys.beacon(plane),
          { account_id: options.accountId, namespace_id: options.namespaceId },
          { signal },
        );
        text = await response.text();
      } catch (error) {
        if (errorCodes(error).includes(NOT_FOUND)) return undefined;
        throw translate(error, `reading the ${plane} beacon from KV`);
      }
      const beacon = parseBeacon(text, plane);
      if (beacon instanceof Error) throw beacon;
      return beacon;
    },
  };
}
