/**
 * The HTTP probe inside workerd: the fetch prober the Worker runs, against the suite's local fake
 * (its origin endpoints and its JSON error answers), by host name as the Worker requires.
 */
import { describe, expect, inject, it } from 'vitest';
import { createFetchProber } from '../../functions/adapters/probes/fetch';
import type { CheckSpec } from '../../functions/core/config/model';
import { parseConfig } from '../../functions/core/config/validate';

const origin = () => inject('fakeUrl').replace('127.0.0.1', 'localhost');

function check(http: Record<string, unknown>): CheckSpec {
  const config = parseConfig({
    providers: { cloudflare: { zoneId: '0123456789abcdef0123456789abcdef' } },
    checks: { c: { http, timeout: '5s' } },
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['cloudflare'],
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: ['c'] },
          { name: 'secondary', values: ['192.0.2.11'], checks: ['c'] },
        ],
      },
    ],
  });
  return config.checks.c!;
}

const stable = (reason: string) =>
  reason.replace(/\b(in|after|within) \d+ ms/g, '$1 N ms').replace(/localhost:\d+/g, 'ORIGIN');

// The fake's origin endpoint answers 200 "ok" for a pool nobody has set; unknown routes answer 404
// with the Cloudflare error envelope {success: false, errors: [{code: 7000, message}]}.
const HEALTH = '/origins/probe-suite/health';
const MISSING = '/no/such/route';

describe('the HTTP probe inside workerd', () => {
  const prober = createFetchProber();

  it.each([
    ['an expected status', { path: HEALTH, bodyContains: 'ok' }, 'ok', 'status 200 from ORIGIN in N ms'],
    ['a wrong code', { path: MISSING }, 'status', 'status 404 from ORIGIN in N ms, expected 2xx/3xx'],
    [
      'a code outside the set',
      { path: HEALTH, expectStatus: [204] },
      'status',
      'status 200 from ORIGIN in N ms, expected 204',
    ],
    [
      'a body without the text',
      { path: HEALTH, bodyContains: 'healthy' },
      'body',
      'body does not contain "healthy" (status 200 from ORIGIN in N ms)',
    ],
    [
      'a body not matching',
      { path: HEALTH, bodyMatches: '^up$' },
      'body',
      'body does not match /^up$/ (status 200 from ORIGIN in N ms)',
    ],
    [
      'JSON that holds',
      {
        path: MISSING,
        expectStatus: [404],
        json: [
          { path: '$.success', equals: false },
          { path: '$.errors[0].code', equals: 7000 },
        ],
      },
      'ok',
      'status 404 from ORIGIN in N ms',
    ],
    [
      'a JSON value that differs',
      { path: MISSING, expectStatus: [404], json: [{ path: '$.errors[0].message', equals: 'ok' }] },
      'body',
      'body $.errors[0].message is "No route for that URI", expected "ok" (status 404 from ORIGIN in N ms)',
    ],
    [
      'a body that is not JSON',
      { path: HEALTH, json: [{ path: '$.ok', exists: true }] },
      'body',
      'body is not JSON (starts "ok") (status 200 from ORIGIN in N ms)',
    ],
  ])('classifies %s', async (_name, { path, ...http }, cls, reason) => {
    const result = await prober.probe(
      check({ ...http, url: `${origin()}${path}` }),
      AbortSignal.timeout(5_000),
    );
    expect({ ok: result.ok, class: result.class, reason: stable(result.reason) }).toEqual({
      ok: cls === 'ok',
      class: cls,
      reason,
    });
  });

  it('reports a request cut by its signal as a timeout', async () => {
    const result = await prober.probe(check({ url: `${origin()}${HEALTH}` }), AbortSignal.abort());
    expect([result.ok, result.class]).toEqual([false, 'timeout']);
  });

  it('reports a port nobody listens on as connect', async () => {
    const result = await prober.probe(check({ url: 'http://localhost:1/' }), AbortSignal.timeout(5_000));
    expect([result.ok, result.class]).toEqual([false, 'connect']);
    expect(stable(result.reason)).toMatch(/ by ORIGIN after N ms$/);
  });

  it('answers unsupported, never ok, for a check that probes one address', async () => {
    const result = await prober.probe(
      check({ url: `${origin()}${HEALTH}`, address: '127.0.0.1' }),
      AbortSignal.timeout(5_000),
    );
    expect([result.ok, result.class]).toEqual([false, 'unsupported']);
  });
});
