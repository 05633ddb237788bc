/** Sub-minute probe rounds: the coordinator's alarm runs the round that is due, and only then. */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ROUND_KEY } from '../../functions/worker/rounds';
import { cron, freshStart, nextRound } from './helpers';

const stub = () => env.COORDINATOR.get(env.COORDINATOR.idFromName('plane'));

const beaconAt = () =>
  runInDurableObject(stub(), async (_instance, ctx) => {
    const row = ctx.storage.sql
      .exec<{ value: string }>("SELECT value FROM beacons WHERE plane = 'cloudflare'")
      .one();
    return (JSON.parse(row.value) as { at: number }).at;
  });

/** Stores a round as due now and arms the alarm for it, as a tick does in `alarm` mode. */
const dueNow = () =>
  runInDurableObject(stub(), async (_instance, ctx) => {
    await ctx.storage.put(ROUND_KEY, Date.now() - 1);
    await ctx.storage.setAlarm(Date.now());
  });

beforeEach(async () => {
  await freshStart();
  await cron();
  await nextRound();
});

describe('probe rounds on the Durable Object alarm', () => {
  it('runs the round that is due: probes, and publishes the beacon', async () => {
    const before = await beaconAt();
    await dueNow();
    // The alarm may fire by itself before the test runs it; either way the round runs once it does.
    await vi.waitFor(
      async () => {
        await runDurableObjectAlarm(stub());
        expect(await beaconAt()).toBeGreaterThan(before);
      },
      { timeout: 10_000, interval: 250 },
    );
    // This suite runs with PROBE_ROUNDS = cron, so the round arms no next one.
    const next = await runInDurableObject(stub(), (_instance, ctx) => ctx.storage.get(ROUND_KEY));
    expect(next).toBeUndefined();
  });

  it('runs no round when none is due (the alarm only delivers KV copies)', async () => {
    const before = await beaconAt();
    await runInDurableObject(stub(), (_instance, ctx) => ctx.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(stub());
    expect(await beaconAt()).toBe(before);
  });
});
