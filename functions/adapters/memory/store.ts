/** An in-memory StateStore with real compare-and-set semantics: the fake for tests and the simulator. */
import { ConflictError } from '../../core/errors';
import type { Commit, HistoryQuery, StateStore } from '../../core/ports';
import type { Beacon, PlaneId, RecordState, Transition, Versioned } from '../../core/types';

export interface MemoryStoreData {
  records: Record<string, Versioned<RecordState>>;
  transitions: Transition[];
  beacons: Partial<Record<PlaneId, Beacon>>;
}

export const emptyStoreData = (): MemoryStoreData => ({ records: {}, transitions: [], beacons: {} });

const clone = <T>(value: T): T => structuredClone(value);

/** Applies a commit to plain data, or throws ConflictError. Shared with the file store. */
export function commitInto(
  data: MemoryStoreData,
  next: RecordState,
  expectedVersion: number,
  transition: Transition | undefined,
  historyLimit = 10_000,
): number {
  const current = data.records[next.record]?.version ?? 0;
  if (current !== expectedVersion) {
    throw new ConflictError(next.record, `state version is ${current}, expected ${expectedVersion}`);
  }
  if (transition && data.transitions.some((t) => t.id === transition.id)) {
    throw new ConflictError(next.record, `transition ${transition.id} is already recorded`);
  }
  const version = current + 1;
  data.records[next.record] = { value: clone(next), version };
  if (transition) {
    data.transitions.push(clone(transition));
    if (data.transitions.length > historyLimit)
      data.transitions.splice(0, data.transitions.length - historyLimit);
  }
  return version;
}

/** Applies each commit in turn; one that fails leaves `data` as it was and the rest go on. */
export function commitManyInto(data: MemoryStoreData, commits: readonly Commit[]): (number | Error)[] {
  return commits.map((c) => {
    try {
      return commitInto(data, c.next, c.expectedVersion, c.transition);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
}

export function queryHistory(transitions: readonly Transition[], query: HistoryQuery = {}): Transition[] {
  const matching = transitions.filter((t) => !query.record || t.record === query.record);
  return clone(
    matching
      .slice()
      .reverse()
      .slice(0, query.limit ?? 100),
  );
}

export class MemoryStateStore implements StateStore {
  readonly data: MemoryStoreData;
  /** Counts of calls, for tests that assert zero writes: `commit` counts every record committed. */
  readonly calls = { commit: 0, commitMany: 0, publishBeacon: 0 };

  /**
   * Beacons as JSON text, as DynamoDB, KV and the Durable Object keep them: written once per publish and
   * parsed once per load, instead of deep-copied both ways (a beacon of 1,000 records and their checks
   * is most of what a steady tick of the in-memory store copies).
   */
  private readonly beaconText = new Map<PlaneId, string>();

  constructor(data: MemoryStoreData = emptyStoreData()) {
    this.data = data;
    for (const beacon of Object.values(data.beacons))
      if (beacon) this.beaconText.set(beacon.plane, JSON.stringify(beacon));
  }

  /**
   * Each stored record's JSON text, by the stored object (a commit stores a new one): a load parses one
   * text per record, as DynamoDB and the Durable Object hand a record back, instead of deep-copying the
   * whole map with structuredClone (several times slower at 1,000 records).
   */
  private readonly recordText = new WeakMap<Versioned<RecordState>, string>();

  async loadRecords(): Promise<Map<string, Versioned<RecordState>>> {
    const out = new Map<string, Versioned<RecordState>>();
    const records = this.data.records;
    for (const key of Object.keys(records)) {
      const stored = records[key]!;
      let text = this.recordText.get(stored);
      if (text === undefined) {
        text = JSON.stringify(stored);
        this.recordText.set(stored, text);
      }
      out.set(key, JSON.parse(text) as Versioned<RecordState>);
    }
    return out;
  }

  async commit(next: RecordState, expectedVersion: number, transition?: Transition): Promise<number> {
    this.calls.commit++;
    return commitInto(this.data, next, expectedVersion, transition);
  }

  /** Each record through `commit`, so a subclass that overrides it sees every record. */
  async commitMany(commits: readonly Commit[]): Promise<(number | Error)[]> {
    this.calls.commitMany++;
    const out: (number | Error)[] = [];
    for (const c of commits) {
      try {
        out.push(await this.commit(c.next, c.expectedVersion, c.transition));
      } catch (error) {
        out.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return out;
  }

  async history(query?: HistoryQuery): Promise<Transition[]> {
    return queryHistory(this.data.transitions, query);
  }

  async loadBeacon(plane: PlaneId): Promise<Beacon | undefined> {
    const text = this.beaconText.get(plane);
    return text === undefined ? undefined : (JSON.parse(text) as Beacon);
  }

  async publishBeacon(beacon: Beacon): Promise<void> {
    this.calls.publishBeacon++;
    this.beaconText.set(beacon.plane, JSON.stringify(beacon));
  }
}
