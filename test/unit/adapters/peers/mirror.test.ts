import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../../functions/adapters/memory/store';
import { BeaconMirror } from '../../../../functions/adapters/peers/mirror';
import { StoreError } from '../../../../functions/core/errors';
import type { Beacon } from '../../../../functions/core/types';

const beacon: Beacon = { plane: 'local', at: 1, records: {}, view: { vantage: 'local', at: 1, checks: {} } };

describe('BeaconMirror', () => {
  it('publishes locally and to every copy', async () => {
    const own = new MemoryStateStore();
    const copy = new MemoryStateStore();
    await new BeaconMirror(own, [{ name: 'aws', store: copy }]).publishBeacon(beacon);
    expect(await own.loadBeacon('local')).toEqual(beacon);
    expect(await copy.loadBeacon('local')).toEqual(beacon);
  });

  it('keeps the local beacon when a copy fails, and says which', async () => {
    const own = new MemoryStateStore();
    const broken = { publishBeacon: () => Promise.reject(new Error('AccessDenied')) };
    const mirror = new BeaconMirror(own, [{ name: 'the AWS table t', store: broken }]);
    await expect(mirror.publishBeacon(beacon)).rejects.toThrow(StoreError);
    await expect(mirror.publishBeacon(beacon)).rejects.toThrow('not copied to the AWS table t: AccessDenied');
    expect(await own.loadBeacon('local')).toEqual(beacon);
  });
});
