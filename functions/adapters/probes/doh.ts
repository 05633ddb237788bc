/** DNS-over-HTTPS (RFC 8484 GET) on fetch only, so it runs in workerd as well as on Node. */
import type { DnsExchange } from './dns';
import { DohStatusError } from './dns';
import { base64url } from './dns-wire';
import type { FetchLike } from './http';

const MAX_ANSWER = 64 * 1024;

export function dohExchange(fetchFn: FetchLike = (url, init) => fetch(url, init)): DnsExchange {
  return async (resolver, query, signal) => {
    if (resolver.kind !== 'doh') throw new TypeError(`not a DNS-over-HTTPS resolver: ${resolver.label}`);
    const url = new URL(resolver.url);
    url.searchParams.set('dns', base64url(query));
    const response = await fetchFn(url.href, { headers: { accept: 'application/dns-message' }, signal });
    const type = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !type.startsWith('application/dns-message')) {
      await response.body?.cancel().catch(() => {});
      throw new DohStatusError(response.status);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_ANSWER) throw new DohStatusError(response.status);
    return bytes;
  };
}
