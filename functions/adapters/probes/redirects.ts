/**
 * Sending an HTTP check's request and, as its `redirect` policy says, following redirects by hand:
 * fetch's own `follow` would forward the check's headers (an authorization bearer, a cookie) to
 * whatever origin a Location names, and accept any scheme. Here a hop to another origin drops every
 * header the check sets, a hop may only go to http(s), hops are capped, and a failure names the host
 * it happened at.
 */
import type { HttpProbeSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import { discard } from './body';
import { classifyNetError, netReason } from './net-errors';
import { fail } from './result';

/** The part of fetch the probes use. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpTransport {
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** A fetch that connects to `address` for the URL's name (Node only); absent where unsupported. */
  via?: (address: string) => FetchLike;
  now?: () => number;
}

export const MAX_REDIRECTS = 5;
const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

/** The final answer and where it came from (`target` itself, or the host a redirect led to). */
export interface Answered {
  response: Response;
  from: string;
}

/** The first answer, or the last one after following redirects as the check's policy says. */
export async function send(
  spec: HttpProbeSpec,
  signal: AbortSignal,
  transport: HttpTransport,
  elapsed: () => number,
  target: string,
): Promise<Answered | ProbeResult> {
  const plain = transport.fetch ?? ((url, init) => fetch(url, init));
  const first = new URL(spec.url);
  let url = first;
  let method: string = spec.method;
  let body = spec.body;
  // Once a hop leaves the check's origin, the check's headers stay behind for every later hop.
  let headers: Record<string, string> | undefined = spec.headers;
  let from = target;
  for (let hop = 0; ; hop++) {
    const direct = spec.address !== undefined && url.host === first.host;
    const fetcher = direct ? transport.via!(spec.address!) : plain;
    let response: Response;
    try {
      response = await fetcher(url.href, {
        method,
        ...(headers ? { headers } : {}),
        ...(body !== undefined ? { body } : {}),
        signal,
        redirect: 'manual',
      });
    } catch (error) {
      if (hop === 0) throw error;
      const { class: cls, detail } = classifyNetError(error, signal.aborted);
      return fail(cls, elapsed(), netReason(cls, detail, from, elapsed()));
    }
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || location === null || spec.redirect === 'manual')
      return { response, from };
    await discard(response);
    if (spec.redirect === 'error') {
      return fail(
        'status',
        elapsed(),
        `redirect (${response.status}) from ${from} to ${location}, redirects not allowed`,
      );
    }
    if (hop >= MAX_REDIRECTS)
      return fail('status', elapsed(), `more than ${MAX_REDIRECTS} redirects from ${target}`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return fail('status', elapsed(), `redirect (${response.status}) from ${from} to an invalid location`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return fail(
        'status',
        elapsed(),
        `redirect (${response.status}) from ${from} to a ${next.protocol} URL; only http and https are followed`,
      );
    }
    if (next.origin !== first.origin) headers = undefined;
    if (
      response.status === 303 ||
      (response.status !== 307 && response.status !== 308 && method === 'POST')
    ) {
      method = 'GET';
      body = undefined;
    }
    from = next.host === first.host ? target : `${next.host} (redirected from ${target})`;
    url = next;
  }
}
