/**
 * The Cloudflare API client twinplane uses: the official SDK reduced to the DNS records resource
 * (`cloudflare/tree-shakable`, so the bundle carries one resource, not the whole API), on an injected
 * fetch so the same code runs in Node, Lambda and workerd. The SDK's own retries are off; retry.ts
 * decides what is repeated and for how long.
 */
import { BaseRecords } from 'cloudflare/resources/dns/records';
import { createClient } from 'cloudflare/tree-shakable';

export const DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4';

export interface DnsClientOptions {
  apiToken: string;
  /** Default https://api.cloudflare.com/client/v4; point it at a fake or a proxy. */
  baseURL?: string;
  /** Default the global fetch. */
  fetch?: typeof fetch;
  /** Timeout of one HTTP request. Default 10 s. */
  requestTimeoutMs?: number;
}

export function createDnsClient(options: DnsClientOptions) {
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return createClient({
    apiToken: options.apiToken,
    baseURL: options.baseURL || DEFAULT_BASE_URL,
    fetch: fetchImpl as never,
    maxRetries: 0,
    timeout: options.requestTimeoutMs ?? 10_000,
    logLevel: 'off',
    resources: [BaseRecords],
  });
}

export type DnsClient = ReturnType<typeof createDnsClient>;
