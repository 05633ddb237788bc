import { beforeEach, describe, expect, it } from 'vitest';
import { RECORD } from './fixtures';
import { api, control, cron, freshStart, nextRound, post, setOrigin, zoneLines } from './helpers';

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

  it('let a manual action through while a round waits on its probes: it waits only for writes', async () => {
    await control('/origins/secondary', { hold: true });
    let roundDone = false;
    const round = cron().then(() => {
      roundDone = true;
    });
    // The round is probing: its request to the held origin has arrived.
    for (let i = 0; i < 200; i++) {
      if ((await control<{ waiting: number }>('/origins/secondary')).waiting > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await control<{ waiting: number }>('/origins/secondary')).waiting).toBe(1);
    let pinned: number;
    try {
      pinned = (await post('/v1/records/app.example.com/pin', { pool: 'primary', until: '30m' })).status;
      expect(roundDone).toBe(false);
    } finally {
      await control('/origins/secondary', { hold: false });
      await round;
    }
    expect(pinned).toBe(200);
    // The round planned under the lock after the pin, so it kept the pin.
    const status = (await (await api('/v1/status')).json()) as { records: { pin?: { pool: string } }[] };
    expect(status.records[0]?.pin).toMatchObject({ pool: 'primary' });
    const transitions = await history();
    expect(new Set(transitions.map((t) => t.id)).size).toBe(transitions.length);
  });

  it('give exactly one transition when eight crons race', async () => {
    await Promise.all(Array.from({ length: 8 }, () => cron()));
    expect(await history()).toHaveLength(1);
  });
});
