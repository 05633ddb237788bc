import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchProber } from '../../../../functions/adapters/probes/fetch';
import { createNodeProber } from '../../../../functions/adapters/probes/node';
import { issue } from './support/certs';
import { checkOf, within } from './support/check';
import { type Running, refusedPort, startHttp, startHttps } from './support/servers';

const JSON_BODY = { status: 'ok', db: { up: true, lag: 0 }, items: [{ name: 'a' }] };

function route(req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const send = (status: number, body = '', headers: Record<string, string> = {}) =>
    res.writeHead(status, headers).end(body);
  switch (path) {
    case '/ok':
      return send(200, 'all good');
    case '/503':
      return send(503, 'down');
    case '/slow':
      return void setTimeout(() => send(200, 'late'), 300);
    case '/hang':
      return;
    case '/json':
      return send(200, JSON.stringify(JSON_BODY), { 'content-type': 'application/json' });
    case '/not-json':
      return send(200, '<html>maintenance</html>');
    case '/redirect':
      return send(302, '', { location: '/ok' });
    case '/loop':
      return send(302, '', { location: '/loop' });
    case '/aad':
      return send(
        400,
        JSON.stringify({
          error: 'temporarily_unavailable',
          error_description: 'AADSTS90033: A transient error has occurred.',
        }),
      );
    case '/host':
      return send(200, `host=${req.headers.host}`);
    case '/post': {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      return void req.on('end', () => send(200, `${req.method} ${body}`));
    }
    default:
      return send(404, 'no such page');
  }
}

let origin: Running;
let refused: number;
const ca = issue({ cn: 'twinplane test CA', o: 'twinplane tests', ca: true, notAfter: 3650 });
let tlsOrigin: Running;
let selfSigned: Running;

beforeAll(async () => {
  origin = await startHttp(route);
  refused = await refusedPort();
  tlsOrigin = await startHttps(issue({ cn: 'app.example.test', issuer: ca }), route);
  selfSigned = await startHttps(issue({ cn: 'app.example.test' }), route);
});
afterAll(async () => {
  await Promise.all([origin.close(), tlsOrigin.close(), selfSigned.close()]);
});

/** Reasons without the numbers that vary from run to run. */
const stable = (reason: string) =>
  reason
    .replace(/\b(in|after|within) \d+ ms/g, '$1 N ms')
    .replace(/:\d{4,5}\b/g, ':PORT')
    .replace(/127\.0\.0\.1:PORT/g, 'ORIGIN');

describe('HTTP probe', () => {
  const node = createNodeProber({ ca: [ca.certPem] });
  const web = createFetchProber();

  it.each([
    ['an expected status', { url: '/ok' }, 'ok', 'status 200 from ORIGIN in N ms'],
    ['a wrong code', { url: '/503' }, 'status', 'status 503 from ORIGIN in N ms, expected 2xx/3xx'],
    [
      'a code outside the expected set',
      { url: '/ok', expectStatus: [204] },
      'status',
      'status 200 from ORIGIN in N ms, expected 204',
    ],
    [
      'a missing page',
      { url: '/nope', expectStatus: [200, 201] },
      'status',
      'status 404 from ORIGIN in N ms, expected 200 or 201',
    ],
    [
      'a slow answer',
      { url: '/slow', maxLatency: '100ms' },
      'latency',
      'status 200 from ORIGIN in N ms, slower than 100 ms',
    ],
    ['a body with the text', { url: '/ok', bodyContains: 'good' }, 'ok', 'status 200 from ORIGIN in N ms'],
    [
      'a body without the text',
      { url: '/ok', bodyContains: 'healthy' },
      'body',
      'body does not contain "healthy" (status 200 from ORIGIN in N ms)',
    ],
    [
      'a body not matching',
      { url: '/ok', bodyMatches: '^ok$' },
      'body',
      'body does not match /^ok$/ (status 200 from ORIGIN in N ms)',
    ],
    ['a body matching', { url: '/ok', bodyMatches: 'all\\s+go+d' }, 'ok', 'status 200 from ORIGIN in N ms'],
    [
      'JSON that holds',
      {
        url: '/json',
        json: [
          { path: '$.status', equals: 'ok' },
          { path: 'db.up', equals: true },
          { path: '$.items[0].name', exists: true },
        ],
      },
      'ok',
      'status 200 from ORIGIN in N ms',
    ],
    [
      'a JSON value that differs',
      { url: '/json', json: [{ path: '$.db.lag', equals: 5 }] },
      'body',
      'body $.db.lag is 0, expected 5 (status 200 from ORIGIN in N ms)',
    ],
    [
      'a JSON path that is missing',
      { url: '/json', json: [{ path: '$.items[3]', exists: true }] },
      'body',
      'body $.items[3] is missing (status 200 from ORIGIN in N ms)',
    ],
    [
      'a JSON path that must be absent',
      { url: '/json', json: [{ path: '$.db', exists: false }] },
      'body',
      'body $.db is present (status 200 from ORIGIN in N ms)',
    ],
    [
      'a body that is not JSON',
      { url: '/not-json', json: [{ path: '$.status', equals: 'ok' }] },
      'body',
      'body is not JSON (starts "<html>maintenance</html>") (status 200 from ORIGIN in N ms)',
    ],
    [
      'a redirect judged as it is',
      { url: '/redirect', expectStatus: [302] },
      'ok',
      'status 302 from ORIGIN in N ms',
    ],
    [
      'a redirect followed',
      { url: '/redirect', redirect: 'follow', bodyContains: 'good' },
      'ok',
      'status 200 from ORIGIN in N ms',
    ],
    [
      'a redirect refused',
      { url: '/redirect', redirect: 'error' },
      'status',
      'redirect (302) from ORIGIN to /ok, redirects not allowed',
    ],
    ['a redirect loop', { url: '/loop', redirect: 'follow' }, 'status', 'more than 5 redirects from ORIGIN'],
    [
      'a POST with a body',
      { url: '/post', method: 'POST', body: 'ping', bodyContains: 'POST ping' },
      'ok',
      'status 200 from ORIGIN in N ms',
    ],
    ['a HEAD', { url: '/ok', method: 'HEAD' }, 'ok', 'status 200 from ORIGIN in N ms'],
    [
      'an Entra ID error body',
      { url: '/aad' },
      'auth',
      'AADSTS90033 (identity provider temporarily unavailable): status 400 from ORIGIN in N ms, expected 2xx/3xx',
    ],
  ])('classifies %s', async (_name, http, cls, reason) => {
    const check = checkOf({ http: { ...http, url: `${origin.origin}${http.url}` } });
    for (const prober of [node, web]) {
      const result = await prober.probe(check, within());
      expect({ class: result.class, ok: result.ok, reason: stable(result.reason) }).toEqual({
        class: cls,
        ok: cls === 'ok',
        reason,
      });
    }
  });

  it('reports a refused connection as connect, naming the target', async () => {
    const result = await node.probe(checkOf({ http: { url: `http://127.0.0.1:${refused}/` } }), within());
    expect(result.class).toBe('connect');
    expect(stable(result.reason)).toBe('connection refused (ECONNREFUSED) by ORIGIN after N ms');
  });

  it('reports a hanging origin as a timeout once the signal fires', async () => {
    const result = await web.probe(checkOf({ http: { url: `${origin.origin}/hang` } }), within(200));
    expect([result.ok, result.class, stable(result.reason)]).toEqual([
      false,
      'timeout',
      'no answer from ORIGIN within N ms',
    ]);
  });

  it('refuses a self-signed certificate as tls', async () => {
    const result = await web.probe(checkOf({ http: { url: `${selfSigned.origin}/ok` } }), within());
    expect([result.ok, result.class]).toEqual([false, 'tls']);
    expect(result.reason).toContain('self-signed certificate');
  });

  it('probes one address for a name, sending the name as Host and SNI', async () => {
    const plain = checkOf({
      http: {
        url: `http://app.example.test:${origin.port}/host`,
        address: '127.0.0.1',
        bodyContains: `host=app.example.test:${origin.port}`,
      },
    });
    expect(stable((await node.probe(plain, within())).reason)).toBe(
      'status 200 from 127.0.0.1 (app.example.test:PORT) in N ms',
    );
    const tls = checkOf({
      http: { url: `https://app.example.test:${tlsOrigin.port}/ok`, address: '127.0.0.1' },
    });
    expect(await node.probe(tls, within())).toMatchObject({ ok: true, class: 'ok' });
    const wrongName = checkOf({
      http: { url: `https://other.example.test:${tlsOrigin.port}/ok`, address: '127.0.0.1' },
    });
    const mismatch = await node.probe(wrongName, within());
    expect([mismatch.class, mismatch.reason]).toEqual([
      'tls',
      expect.stringContaining('ERR_TLS_CERT_ALTNAME_INVALID'),
    ]);
  });

  it('answers unsupported, never ok, for an address check on the fetch prober', async () => {
    const check = checkOf({
      http: { url: `http://app.example.test:${origin.port}/ok`, address: '127.0.0.1' },
    });
    expect(await web.probe(check, within())).toMatchObject({ ok: false, class: 'unsupported' });
  });
});
