/** A StateStore whose beacons are also copied to other stores, so planes that cannot read this one see it. */
import { StoreError } from '../../core/errors';
import type { Commit, HistoryQuery, StateStore } from '../../core/ports';
import type { Beacon, PlaneId, RecordState, Transition } from '../../core/types';

export class BeaconMirror implements StateStore {
  constructor(
    private readonly inner: StateStore,
    private readonly copies: readonly { name: string; store: Pick<StateStore, 'publishBeacon'> }[],
  ) {}

  loadRecords() {
    return this.inner.loadRecords();
  }
  commit(next: RecordState, expectedVersion: number, transition?: Transition) {
    return this.inner.commit(next, expectedVersion, transition);
  }
  commitMany(commits: readonly Commit[]) {
    return this.inner.commitMany(commits);
  }
  history(query?: HistoryQuery) {
    return this.inner.history(query);
  }
  loadBeacon(plane: PlaneId) {
    return this.inner.loadBeacon(plane);
  }
  async publishBeacon(beacon: Beacon): Promise<void> {
    await this.inner.publishBeacon(beacon);
    const failed: string[] = [];
    await Promise.all(
      this.copies.map((c) =>
        c.store.publishBeacon(beacon).catch((e: Error) => failed.push(`${c.name}: ${e.message}`)),
      ),
    );
    if (failed.length > 0)
      throw new StoreError(`beacon kept locally, but not copied to ${failed.join('; ')}`, {
        retryable: true,
      });
  }
}
