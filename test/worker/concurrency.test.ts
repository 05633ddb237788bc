import { beforeEach, describe, expect, it } from 'vitest';
import { RECORD } from './fixtures';
import { api, cron, freshStart, nextRound, post, setOrigin, zoneLines } from './helpers';

beforeEach(async () => {
  await freshStart();
  await cron();
  await setOrigin('primary', 503);
  await nextRound();
});

const history = async () =>
  (await (await api(`/v1/history?record=${encodeURIComponent(RECORD)}`)).json()) as {
    id: string;
    kind: string;
  }[];

describe('concurrent runs', () => {
  it('give exactly one transition when the cron, a manual run and a manual failover race', async () => {
    const [, run, failover] = await Promise.all([
      cron(),
      post('/v1/run'),
      post('/v1/records/app.example.com/failover', { pool: 'secondary' }),
    ]);
    expect(run.status).toBe(200);
    expect(failover.status).toBe(200);
    const transitions = await history();
    expect(transitions).toHaveLength(1);
    expect(transitions[0]!.id).toBe(`${RECORD}#1`);
    const lines = await zoneLines();
    expect(lines.filter((l) => l.includes('epoch=1'))).toHaveLength(1);
    expect(lines).toContain('app.example.com A 1 proxied 198.51.100.7');
  });

  it('give exactly one transition when eight crons race', async () => {
    await Promise.all(Array.from({ length: 8 }, () => cron()));
    expect(await history()).toHaveLength(1);
  });
});
