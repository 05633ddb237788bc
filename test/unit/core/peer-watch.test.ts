import { describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../../functions/adapters/metrics/memory';
import { toMessage } from '../../../functions/adapters/notify/message';
import { peerSilence } from '../../../functions/core/peer-watch';
import { runTick } from '../../../functions/core/tick';
import type { Beacon } from '../../../functions/core/types';
import { testConfig, VirtualClock } from '../../helpers/fakes';
import { TestPlane } from '../../helpers/plane';

const MIN = 60_000;
const beacon = (at: number, peers: Beacon['peers']): Beacon => ({
  plane: 'aws',
  at,
  records: {},
  view: { vantage: 'aws', at, checks: {} },
  peers,
});

describe('peerSilence', () => {
  it.each([
    ['fresh, still fresh', 10 * MIN, 10 * MIN, 11 * MIN, []],
    ['fresh, now past the limit', 10 * MIN, 10 * MIN, 14 * MIN, ['peer-silent']],
    ['already silent, still silent', 10 * MIN, 5 * MIN, 11 * MIN, []],
    ['silent, heard again', 10 * MIN, 5 * MIN, 11 * MIN - 1, ['peer-back']],
  ])('%s', (_name, previousAt, lastBefore, now, expected) => {
    const heardAgain = expected[0] === 'peer-back';
    const events = peerSilence({
      peers: ['cloudflare'],
      previous: beacon(previousAt, { cloudflare: lastBefore }),
      seen: { cloudflare: heardAgain ? now : lastBefore },
      silentAfterMs: 3 * MIN,
      now,
    });
    expect(events.map((e) => e.type)).toEqual(expected);
  });

  it('says nothing of a peer never heard, or on the first tick', () => {
    expect(
      peerSilence({ peers: ['cloudflare'], previous: undefined, seen: {}, silentAfterMs: 1, now: 5 }),
    ).toEqual([]);
    expect(
      peerSilence({ peers: ['cloudflare'], previous: beacon(0, {}), seen: {}, silentAfterMs: 1, now: 5 }),
    ).toEqual([]);
  });
});

describe('a tick', () => {
  it('announces a peer that went silent once, and once more when it is heard again', async () => {
    const clock = new VirtualClock();
    let peerAt = clock.now();
    let answering = true;
    const plane = new TestPlane(testConfig({ leader: 'aws' }), clock, undefined, 'aws', [
      {
        plane: 'cloudflare',
        read: async () => {
          if (!answering) throw new Error('unreachable');
          return {
            plane: 'cloudflare',
            at: peerAt,
            records: {},
            view: { vantage: 'cloudflare', at: peerAt, checks: {} },
          };
        },
      },
    ]);
    await plane.ticks(2, MIN);
    answering = false;
    const quiet = await plane.ticks(8, MIN);
    const silent = quiet.flatMap((r) => r.events).filter((e) => e.type === 'peer-silent');
    expect(silent).toEqual([expect.objectContaining({ peer: 'cloudflare', lastHeartbeat: peerAt })]);
    answering = true;
    peerAt = clock.now() + MIN;
    const back = await plane.ticks(3, MIN);
    expect(back.flatMap((r) => r.events).map((e) => e.type)).toContain('peer-back');
    expect(back.flatMap((r) => r.events).filter((e) => e.type === 'peer-silent')).toEqual([]);
    expect(toMessage(silent[0]!, 'aws')).toMatchObject({
      severity: 'critical',
      title: expect.stringContaining('the cloudflare plane is silent'),
    });
  });
});

describe('last tick', () => {
  it('every tick exports the time it finished, in seconds, per plane', async () => {
    const clock = new VirtualClock();
    const plane = new TestPlane(testConfig(), clock);
    const metrics = new MemoryMetrics();
    await runTick({ ...plane.deps, metrics });
    const row = metrics.rows().find((r) => r.name === 'last_tick_timestamp_seconds');
    expect(row).toMatchObject({ kind: 'gauge', labels: { plane: 'aws' }, value: clock.now() / 1_000 });
  });
});
