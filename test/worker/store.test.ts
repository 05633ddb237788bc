import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KvOutbox } from '../../functions/adapters/durable-object/outbox';
import { DurableObjectStateStore, MAX_ROW_BYTES } from '../../functions/adapters/durable-object/store';
import type { KvNamespaceLike } from '../../functions/adapters/kv/keys';
import { ConflictError } from '../../functions/core/errors';
import type { Beacon, RecordState, Transition } from '../../functions/core/types';
import { VirtualClock } from '../helpers/fakes';
import { RECORD } from './fixtures';
import { cron, freshStart } from './helpers';

const stub = () => env.COORDINATOR.get(env.COORDINATOR.idFromName('plane'));
const state = (epoch: number, activePool = 'primary'): RecordState => ({
  record: RECORD,
  activePool,
  epoch,
  since: 0,
  reason: 'test',
  plane: 'cloudflare',
});
const transition = (epoch: number): Transition => ({
  id: `${RECORD}#${epoch}`,
  record: RECORD,
  epoch,
  from: 'primary',
  to: 'secondary',
  kind: 'failover',
  reason: 'test',
  at: 0,
  plane: 'cloudflare',
  failing: [],
});
const beacon = (at: number): Beacon => ({
  plane: 'cloudflare',
  at,
  records: {},
  view: { vantage: 'cloudflare', at, checks: {} },
});

beforeEach(freshStart);

describe('the Durable Object state store', () => {
  it('commits against the expected version only, and records each transition once', async () => {
    await runInDurableObject(stub(), async (_instance, ctx) => {
      const clock = new VirtualClock();
      const store = new DurableObjectStateStore(ctx.storage, new KvOutbox(ctx.storage, env.STATE, clock));
      expect(await store.commit(state(1, 'secondary'), 0, transition(1))).toBe(1);
      await expect(store.commit(state(1, 'tertiary'), 0, transition(1))).rejects.toThrow(ConflictError);
      await expect(store.commit(state(2), 1, transition(1))).rejects.toThrow('already recorded');
      expect(await store.commit(state(2), 1, transition(2))).toBe(2);
      expect((await store.loadRecords()).get(RECORD)).toEqual({ value: state(2), version: 2 });
      expect((await store.history()).map((t) => t.epoch)).toEqual([2, 1]);
      expect(await store.history({ limit: 1 })).toHaveLength(1);
    });
  });

  it('rolls the whole commit back when it loses, leaving nothing queued for KV', async () => {
    await runInDurableObject(stub(), async (_instance, ctx) => {
      const outbox = new KvOutbox(ctx.storage, env.STATE, new VirtualClock());
      const store = new DurableObjectStateStore(ctx.storage, outbox);
      await expect(store.commit(state(1), 3, transition(1))).rejects.toThrow(ConflictError);
      expect(outbox.pending()).toEqual([]);
      expect(await store.history()).toEqual([]);
    });
  });
});

describe('the KV outbox', () => {
  it('writes one key at most once per interval, newest value last', async () => {
    await runInDurableObject(stub(), async (_instance, ctx) => {
      const clock = new VirtualClock();
      const outbox = new KvOutbox(ctx.storage, env.STATE, clock, { intervalMs: () => 1_000 });
      outbox.enqueue('beacon:cloudflare', JSON.stringify(beacon(1)));
      expect((await outbox.flush()).written).toEqual(['beacon:cloudflare']);
      outbox.enqueue('beacon:cloudflare', JSON.stringify(beacon(2)));
      outbox.enqueue('beacon:cloudflare', JSON.stringify(beacon(3)));
      const early = await outbox.flush();
      expect(early).toEqual({ written: [], errors: [], nextDue: clock.now() + 1_000 });
      clock.advance(1_000);
      expect((await outbox.flush()).written).toEqual(['beacon:cloudflare']);
      expect(JSON.parse((await env.STATE.get('beacon:cloudflare'))!).at).toBe(3);
    });
  });

  it('keeps a value whose write failed and retries it later', async () => {
    await runInDurableObject(stub(), async (_instance, ctx) => {
      const clock = new VirtualClock();
      let down = true;
      const kv: KvNamespaceLike = {
        get: (key) => env.STATE.get(key),
        put: async (key, value) => {
          if (down) throw new Error('KV unavailable');
          await env.STATE.put(key, value);
        },
      };
      const outbox = new KvOutbox(ctx.storage, kv, clock, { retryMs: 5_000 });
      outbox.enqueue(`state:${RECORD}`, '{"version":1}');
      const failed = await outbox.flush();
      expect(failed.errors).toEqual([`state:${RECORD}: KV unavailable`]);
      expect(failed.nextDue).toBe(clock.now() + 5_000);
      down = false;
      clock.advance(5_000);
      expect((await outbox.flush()).written).toEqual([`state:${RECORD}`]);
      expect(await env.STATE.get(`state:${RECORD}`)).toBe('{"version":1}');
    });
  });

  it('refuses a beacon over the 2 MB row limit with its size, before writing it or queueing its KV copy', async () => {
    await runInDurableObject(stub(), async (_instance, ctx) => {
      const clock = new VirtualClock();
      const store = new DurableObjectStateStore(ctx.storage, new KvOutbox(ctx.storage, env.STATE, clock));
      await store.publishBeacon(beacon(1));
      const records: Beacon['records'] = {};
      for (let i = 0; i < 60_000; i++)
        records[`app-${i}.example.com/A`] = { activePool: 'primary', epoch: i };
      const huge = { ...beacon(2), records };
      expect(JSON.stringify(huge).length).toBeGreaterThan(MAX_ROW_BYTES);
      await expect(store.publishBeacon(huge)).rejects.toMatchObject({
        name: 'StoreError',
        retryable: false,
        message: expect.stringMatching(
          /^the cloudflare beacon of 60000 records is [\d.]+ KiB as JSON, over a Durable Object's 2 MB row limit: manage fewer records per Worker$/,
        ),
      });
      expect((await store.loadBeacon('cloudflare'))?.at).toBe(1);
      const queued = ctx.storage.sql
        .exec<{ value: string }>("SELECT value FROM outbox WHERE key = 'beacon:cloudflare'")
        .toArray();
      expect(queued.map((r) => JSON.parse(r.value).at)).toEqual([1]);
    });
  });

  it('leaves a beacon that was not yet due to the coordinator alarm, which delivers it', async () => {
    await cron();
    await cron();
    const queued = await runInDurableObject(stub(), async (_instance, ctx) => ({
      alarm: await ctx.storage.getAlarm(),
      pending: ctx.storage.sql.exec<{ key: string }>('SELECT key FROM outbox').toArray(),
      beacon: ctx.storage.sql
        .exec<{ value: string }>("SELECT value FROM beacons WHERE plane = 'cloudflare'")
        .one(),
    }));
    expect(queued.alarm).not.toBeNull();
    expect(queued.pending).toEqual([{ key: 'beacon:cloudflare' }]);
    await vi.waitFor(
      async () => {
        await runDurableObjectAlarm(stub());
        expect(await env.STATE.get('beacon:cloudflare')).toBe(queued.beacon.value);
      },
      { timeout: 10_000, interval: 250 },
    );
  });
});

describe('the KV outbox after a mass failover', () => {
  it('drains a mass failover over several flushes, at most 500 keys each and the beacon first', async () => {
    await runInDurableObject(stub(), async (_instance, ctx) => {
      const clock = new VirtualClock();
      // KV allows 1,000 operations per invocation; each flush here is one invocation.
      let puts = 0;
      const kv: KvNamespaceLike = {
        get: (key) => env.STATE.get(key),
        put: async (key, value) => {
          if (++puts > 1_000) throw new Error('Too many API requests by single worker invocation');
          await env.STATE.put(key, value);
        },
      };
      const outbox = new KvOutbox(ctx.storage, kv, clock);
      const store = new DurableObjectStateStore(ctx.storage, outbox);
      for (let i = 0; i < 600; i++) {
        const record = `app-${i}.example.com/A`;
        await store.commit({ ...state(1, 'secondary'), record }, 0, {
          ...transition(1),
          id: `${record}#1`,
          record,
        });
      }
      await store.publishBeacon(beacon(7));
      const flushes: number[] = [];
      for (let round = 0; round < 10 && outbox.pending().length > 0; round++) {
        puts = 0;
        const result = await outbox.flush();
        expect(result.errors).toEqual([]);
        if (round === 0) expect(result.written[0]).toBe('beacon:cloudflare');
        if (outbox.pending().length > 0) expect(result.nextDue).toBeLessThanOrEqual(clock.now());
        flushes.push(result.written.length);
      }
      expect(flushes).toEqual([500, 500, 201]);
      expect(JSON.parse((await env.STATE.get('beacon:cloudflare'))!).at).toBe(7);
      expect(await env.STATE.get('history:app-599.example.com/A#1')).not.toBeNull();
      expect(JSON.parse((await env.STATE.get('state:app-599.example.com/A'))!).version).toBe(1);
    });
  });
});
