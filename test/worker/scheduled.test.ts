import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { RECORD, ZONE_ID } from './fixtures';
import { apiWrites, control, cron, freshStart, nextRound, setOrigin, zoneLines } from './helpers';

const marker = (pool: string, epoch: number) =>
  `_twinplane-a.app.example.com TXT 300 dns-only "heritage=twinplane,owner=test,record=${RECORD},pool=${pool},epoch=${epoch},plane=cloudflare"`;

beforeEach(freshStart);

describe('the scheduled handler', () => {
  it('creates the record, then swaps it to the proxied pool when the primary fails, through the official SDK', async () => {
    await cron();
    expect(await zoneLines()).toEqual([marker('primary', 0), 'app.example.com A 300 dns-only 192.0.2.10']);
    await setOrigin('primary', 503);
    await nextRound();
    await cron();
    expect(await zoneLines()).toEqual([marker('secondary', 1), 'app.example.com A 1 proxied 198.51.100.7']);
  });

  it('mirrors state, the transition and the beacon to KV', async () => {
    await cron();
    await setOrigin('primary', 503);
    await nextRound();
    await cron();
    const state = JSON.parse((await env.STATE.get(`state:${RECORD}`))!);
    expect(state).toMatchObject({
      version: 1,
      value: { activePool: 'secondary', epoch: 1, plane: 'cloudflare' },
    });
    const transition = JSON.parse((await env.STATE.get(`history:${RECORD}#1`))!);
    expect(transition).toMatchObject({ kind: 'failover', from: 'primary', to: 'secondary' });
    const beacon = JSON.parse((await env.STATE.get('beacon:cloudflare'))!);
    expect(beacon).toMatchObject({ plane: 'cloudflare', view: { vantage: 'cloudflare' } });
    expect(beacon.records[RECORD]).toBeDefined();
  });

  it('waits out a 429 whose Retry-After fits the budget, and swaps', async () => {
    await cron();
    await setOrigin('primary', 503);
    await nextRound();
    await control('/faults', { status: 429, code: 971, message: 'Please wait', retryAfter: 1, on: 'write' });
    await cron();
    expect(await zoneLines()).toContain('app.example.com A 1 proxied 198.51.100.7');
  });

  it('finishes its batch when another writer created the same record mid-tick (81058)', async () => {
    await control(`/zones/${ZONE_ID}/race`, [
      {
        name: 'app.example.com',
        type: 'A',
        content: '192.0.2.10',
        ttl: 300,
        comment: 'managed by twinplane',
      },
    ]);
    await cron();
    expect(await zoneLines()).toEqual([marker('primary', 0), 'app.example.com A 300 dns-only 192.0.2.10']);
    expect((await apiWrites()).map((w) => w.status)).toEqual([400, 200]);
  });

  it('does not commit when a CNAME appears at the name between read and write (81054), and then leaves it alone', async () => {
    await setOrigin('primary', 503);
    await control(`/zones/${ZONE_ID}/race`, [
      { name: 'app.example.com', type: 'CNAME', content: 'elsewhere.example.net', ttl: 300 },
    ]);
    await cron();
    expect(await env.STATE.get(`state:${RECORD}`)).toBeNull();
    await cron();
    expect(await zoneLines()).toEqual(['app.example.com CNAME 300 dns-only elsewhere.example.net']);
  });
});
