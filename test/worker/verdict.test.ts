/** The Worker's verdict endpoint, as Route 53's health checkers ask it: secret in the path, no token. */
import { beforeEach, describe, expect, it } from 'vitest';
import { verdictPath } from '../../functions/core/verdict';
import { DP_RECORD, VERDICT_SECRET } from './fixtures';
import { api, cron, freshStart, nextRound, setOrigin } from './helpers';

const ask = (pool: string, secret = VERDICT_SECRET, record = DP_RECORD) =>
  api(verdictPath(secret, record, pool), { token: null });

beforeEach(async () => {
  await freshStart();
  await cron();
});

describe('GET /v1/verdict/<secret>/<record>/<pool>', () => {
  it('answers 503 stay while the record is on its first pool, without a bearer token', async () => {
    const response = await ask('primary');
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('stay');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 200 move-away for the pool the Durable Object state has moved past', async () => {
    await setOrigin('primary', 503);
    await nextRound();
    await cron();
    const response = await ask('primary');
    expect(await response.text()).toBe('move-away');
    expect(response.status).toBe(200);
    expect((await ask('secondary')).status).toBe(503);
  });

  it.each([
    ['a wrong secret', () => ask('primary', `${VERDICT_SECRET}-no`)],
    ['a record in swap mode', () => ask('primary', VERDICT_SECRET, 'app.example.com/A')],
    ['an unknown pool', () => ask('tertiary')],
    ['a missing segment', () => api(`/v1/verdict/${VERDICT_SECRET}/dp.example.com%2FA`, { token: null })],
  ])('answers 404 for %s, never 200', async (_what, request) => {
    await setOrigin('primary', 503);
    await nextRound();
    await cron();
    const response = await request();
    expect(response.status).toBe(404);
  });

  it('takes GET only', async () => {
    const response = await api(verdictPath(VERDICT_SECRET, DP_RECORD, 'primary'), {
      method: 'POST',
      token: null,
    });
    expect(response.status).toBe(405);
  });
});
