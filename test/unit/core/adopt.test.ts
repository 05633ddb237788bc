/** The total order between planes' claims on a record, and adoption at an equal epoch. */
import { describe, expect, it } from 'vitest';
import { adoption, outranks } from '../../../functions/core/adopt';
import type { RecordState } from '../../../functions/core/types';

const marker = (pool: string, epoch: number, plane: string) => ({
  provider: 'route53' as const,
  marker: { owner: 'test', record: 'app.example.com/A', pool, epoch, plane },
});

describe('outranks', () => {
  it('orders by epoch, then the leader, then plane and pool; the same epoch and pool is one transition', () => {
    expect(
      outranks({ epoch: 2, plane: 'cloudflare', pool: 'b' }, { epoch: 1, plane: 'aws', pool: 'a' }, 'aws'),
    ).toBe(true);
    expect(
      outranks({ epoch: 1, plane: 'aws', pool: 'b' }, { epoch: 1, plane: 'cloudflare', pool: 'a' }, 'aws'),
    ).toBe(true);
    expect(
      outranks({ epoch: 1, plane: 'cloudflare', pool: 'a' }, { epoch: 1, plane: 'aws', pool: 'b' }, 'aws'),
    ).toBe(false);
    expect(
      outranks({ epoch: 1, plane: 'aws', pool: 'a' }, { epoch: 1, plane: 'cloudflare', pool: 'a' }, 'aws'),
    ).toBe(false);
    expect(
      outranks({ epoch: 1, plane: 'cloudflare', pool: 'a' }, { epoch: 1, plane: 'aws', pool: 'a' }, 'aws'),
    ).toBe(false);
  });
});

describe('adoption at an equal epoch', () => {
  const state: RecordState = {
    record: 'app.example.com/A',
    activePool: 'secondary',
    epoch: 1,
    since: 0,
    reason: 'failover',
    plane: 'cloudflare',
  };
  it("the follower adopts the leader's pool at the same epoch, marking its own transition superseded", () => {
    const d = adoption({
      state,
      markers: [marker('tertiary', 1, 'aws')],
      self: 'cloudflare',
      leader: 'aws',
      now: 5,
    });
    expect(d?.next).toMatchObject({ activePool: 'tertiary', epoch: 1, plane: 'cloudflare' });
    expect(d?.transition).toMatchObject({
      id: 'app.example.com/A#1',
      kind: 'adopt',
      superseded: 'secondary',
    });
  });
  it("the leader keeps its own against the follower's at the same epoch", () => {
    const own = { ...state, activePool: 'tertiary', plane: 'aws' as const };
    expect(
      adoption({
        state: own,
        markers: [marker('secondary', 1, 'cloudflare')],
        self: 'aws',
        leader: 'aws',
        now: 5,
      }),
    ).toBeUndefined();
  });
});
