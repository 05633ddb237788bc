/** redirect: follow, hop by hop: credentials stay on the check's origin, only http(s), failures name the host. */
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../../../functions/adapters/probes/http';
import type { HttpProbeSpec } from '../../../../functions/core/config/model';
import { checkOf, within } from './support/check';
import { type Running, refusedPort, startHttp } from './support/servers';

const SECRET_HEADERS = { authorization: 'Bearer s3cret', cookie: 'sid=42', 'x-api-key': 'k-123' };

let a: Running;
let b: Running;
let dead: number;
const seen: { server: string; path: string; headers: IncomingHttpHeaders }[] = [];

function redirector(name: string) {
  return startHttp((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push({ server: name, path, headers: req.headers });
    const to = (location: string) => res.writeHead(302, { location }).end();
    if (path === '/echo') return res.writeHead(200).end('ok');
    if (path === '/503') return res.writeHead(503).end('down');
    if (path === '/same') return to('/echo');
    if (path === '/cross') return to(`${b.origin}/echo`);
    if (path === '/cross-and-back') return to(`${b.origin}/back`);
    if (path === '/back') return to(`${a.origin}/echo`);
    if (path === '/cross-503') return to(`${b.origin}/503`);
    if (path === '/dead') return to(`http://127.0.0.1:${dead}/gone`);
    if (path === '/data') return to('data:text/plain,ok');
    if (path === '/file') return to('file:///etc/passwd');
    if (path === '/ping') return to(`${name === 'a' ? b.origin : a.origin}/ping`);
    res.writeHead(404).end();
  });
}

beforeAll(async () => {
  a = await redirector('a');
  b = await redirector('b');
  dead = await refusedPort();
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const spec = (url: string) =>
  checkOf({ http: { url, redirect: 'follow', headers: SECRET_HEADERS } }).probe as HttpProbeSpec;
const hits = (server: string, path: string) => seen.filter((s) => s.server === server && s.path === path);

describe('HTTP probe redirects (follow)', () => {
  it('keeps the check headers on a same-origin hop', async () => {
    const result = await probeHttp(spec(`${a.origin}/same`), within());
    expect(result).toMatchObject({ ok: true });
    expect(hits('a', '/echo').at(-1)?.headers).toMatchObject(SECRET_HEADERS);
  });

  it('drops authorization, cookie and every check header on a cross-origin hop', async () => {
    const result = await probeHttp(spec(`${a.origin}/cross`), within());
    expect(result).toMatchObject({ ok: true });
    const got = hits('b', '/echo').at(-1)!.headers;
    for (const name of Object.keys(SECRET_HEADERS)) expect(got[name], name).toBeUndefined();
  });

  it('does not send them again when a later hop returns to the origin', async () => {
    await probeHttp(spec(`${a.origin}/cross-and-back`), within());
    const back = hits('a', '/echo').at(-1)!.headers;
    expect(back.authorization).toBeUndefined();
  });

  it.each([
    ['/data', 'data:'],
    ['/file', 'file:'],
  ])('fails a redirect from %s to a %s URL', async (path, scheme) => {
    const result = await probeHttp(spec(`${a.origin}${path}`), within());
    expect(result).toMatchObject({ ok: false, class: 'status' });
    expect(result.reason).toContain(`to a ${scheme} URL; only http and https are followed`);
  });

  it('caps the hops across origins', async () => {
    const result = await probeHttp(spec(`${a.origin}/ping`), within());
    expect(result).toMatchObject({ ok: false, class: 'status' });
    expect(result.reason).toContain('more than 5 redirects');
  });

  it('names the host a redirect led to when it refuses the connection', async () => {
    const result = await probeHttp(spec(`${a.origin}/dead`), within());
    expect(result).toMatchObject({ ok: false, class: 'connect' });
    expect(result.reason).toContain(`127.0.0.1:${dead} (redirected from 127.0.0.1:${a.port})`);
  });

  it('names the host a redirect led to when it answers a bad status', async () => {
    const result = await probeHttp(spec(`${a.origin}/cross-503`), within());
    expect(result).toMatchObject({ ok: false, class: 'status' });
    expect(result.reason).toContain(
      `status 503 from 127.0.0.1:${b.port} (redirected from 127.0.0.1:${a.port})`,
    );
  });
});
