import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRetry } from '../../../functions/adapters/retry';
import { type FakeHarness, InstantClock, startFake, ZONE_ID } from '../../fakes/cloudflare/harness';
import { makeProvider, zone as route53Zone, throttled } from './route53/fixtures';

const failing = (errors: unknown[]) => {
  let calls = 0;
  return {
    call: async () => {
      const error = errors[calls++];
      if (error !== undefined) throw error;
      return 'done';
    },
    calls: () => calls,
  };
};

describe('the one retry loop of the provider adapters', () => {
  it('backs off with full jitter, uniform below min(cap, base * 2^n)', async () => {
    const clock = new InstantClock();
    const f = failing(['a', 'b', 'c', 'd']);
    const result = await withRetry(f.call, {
      clock,
      deadline: clock.now() + 60_000,
      baseMs: 100,
      capMs: 500,
      random: () => 0.5,
      classify: () => ({ retry: true }),
    });
    expect(result).toBe('done');
    expect(clock.sleeps).toEqual([50, 100, 200, 250]);
  });

  it('waits what the API asked instead of the backoff', async () => {
    const clock = new InstantClock();
    const f = failing(['throttled']);
    await withRetry(f.call, {
      clock,
      deadline: clock.now() + 10_000,
      classify: () => ({ retry: true, waitMs: 3_000 }),
    });
    expect(clock.sleeps).toEqual([3_000]);
  });

  it('rethrows at once what the adapter does not retry', async () => {
    const clock = new InstantClock();
    const f = failing(['refused', 'never reached']);
    await expect(
      withRetry(f.call, { clock, deadline: clock.now() + 10_000, classify: () => ({ retry: false }) }),
    ).rejects.toBe('refused');
    expect(f.calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up with the adapter’s error when the next wait passes the deadline', async () => {
    const clock = new InstantClock();
    const f = failing(['slow', 'slow', 'slow']);
    const error = await withRetry(f.call, {
      clock,
      deadline: clock.now() + 1_000,
      classify: () => ({ retry: true, waitMs: 600 }),
      giveUp: (cause, attempts, wait) => ({ cause, attempts, wait }),
    }).catch((e: unknown) => e);
    expect(error).toEqual({ cause: 'slow', attempts: 2, wait: 600 });
    expect(clock.sleeps).toEqual([600]);
  });
});

describe('both providers retry through it', () => {
  let h: FakeHarness;
  beforeAll(async () => {
    h = await startFake();
  });
  afterAll(() => h.server.close());

  it('Cloudflare repeats a failed read with the jittered backoff', async () => {
    const clock = new InstantClock();
    const provider = h.provider({ clock, random: () => 0.5 });
    for (let i = 0; i < 3; i++) h.fake.faults.push({ status: 502, code: 10013, message: 'bad gateway' });
    expect(await provider.read({ id: ZONE_ID, domain: 'example.com' })).toEqual([]);
    expect(clock.sleeps).toEqual([125, 250, 500]);
  });

  it('Route 53 repeats throttling with the same backoff', async () => {
    const r53 = mockClient(Route53Client);
    try {
      r53
        .on(ListResourceRecordSetsCommand)
        .rejectsOnce(throttled())
        .rejectsOnce(throttled())
        .resolves({ ResourceRecordSets: [], IsTruncated: false });
      const clock = new InstantClock();
      await makeProvider(clock, { retry: { baseMs: 250, capMs: 4_000 } }).read(route53Zone);
      expect(clock.sleeps).toEqual([125, 250]);
    } finally {
      r53.restore();
    }
  });
});
