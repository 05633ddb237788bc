/**
 * A fetch for Node that connects to a given address while Host and SNI carry the URL's name, as
 * `curl --resolve` does: the way to probe one origin address of a name. fetch itself cannot: it drops
 * a Host header and has no way to pick the address.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import type { FetchLike } from './http';

const NO_BODY = new Set([204, 205, 304]);

function toResponse(res: IncomingMessage, method: string): Response {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  for (const [key, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  if (method === 'HEAD' || NO_BODY.has(status)) {
    res.resume();
    return new Response(null, { status, headers });
  }
  return new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status, headers });
}

/** `ca`: extra trusted CA certificates (PEM) beside Node's roots. */
export function fetchVia(address: string, ca?: readonly string[]): FetchLike {
  return (input, init) =>
    new Promise((resolve, reject) => {
      const url = new URL(input);
      const secure = url.protocol === 'https:';
      const method = init.method ?? 'GET';
      const name = url.hostname.replace(/^\[|\]$/g, '');
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => {
        headers[key] = value;
      });
      const request = (secure ? httpsRequest : httpRequest)(
        {
          host: address,
          port: url.port || (secure ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          method,
          headers: { ...headers, host: url.host },
          agent: false,
          ...(init.signal ? { signal: init.signal } : {}),
          ...(secure && !isIP(name) ? { servername: name } : {}),
          ...(secure && ca ? { ca: [...rootCertificates, ...ca] } : {}),
        },
        (res) => resolve(toResponse(res, method)),
      );
      request.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
      request.end(typeof init.body === 'string' ? init.body : undefined);
    });
}
