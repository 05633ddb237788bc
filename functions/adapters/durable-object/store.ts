/**
 * The StateStore of the Cloudflare plane: a SQLite-backed Durable Object holds the authoritative
 * record states with their versions, the transitions and the beacons; Workers KV gets a copy of each
 * through the outbox. Compare-and-set: the version check, the state write, the transition insert and
 * the outbox entries run in one SQLite transaction, and a Durable Object runs one transaction at a time,
 * so of two commits against the same version exactly one lands and the other gets ConflictError.
 */
import { ConflictError, StoreError } from '../../core/errors';
import type { Commit, HistoryQuery, StateStore } from '../../core/ports';
import type { Beacon, PlaneId, RecordState, Transition, Versioned } from '../../core/types';
import { utf8Over } from '../encoding';
import { kvKeys } from '../kv/keys';
import type { KvOutbox } from './outbox';
import { type DurableStorageLike, rows } from './sql';

const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS transitions (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL, value TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS beacons (plane TEXT PRIMARY KEY, value TEXT NOT NULL)',
];

/**
 * A SQLite-backed Durable Object's row limit (Cloudflare documents 2 MB for a string, BLOB or row). A
 * beacon is one row in `beacons` and one in the outbox, about 60 bytes of JSON per managed record, so the
 * limit falls near 33,000 records.
 */
export const MAX_ROW_BYTES = 2_000_000;
/** Room left for the row's key and other columns. */
const ROW_OVERHEAD_BYTES = 1024;

function beaconText(beacon: Beacon): string {
  const text = JSON.stringify(beacon);
  const over = utf8Over(text, MAX_ROW_BYTES - ROW_OVERHEAD_BYTES);
  if (!over) return text;
  throw new StoreError(
    `the ${beacon.plane} beacon of ${Object.keys(beacon.records).length} records is ${(over.length / 1024).toFixed(1)} KiB ` +
      `as JSON, over a Durable Object's 2 MB row limit: manage fewer records per Worker`,
    { retryable: false },
  );
}

export interface DurableStoreOptions {
  /** Transitions kept; older ones are dropped. Default 10,000. */
  historyLimit?: number;
}

export class DurableObjectStateStore implements StateStore {
  private readonly historyLimit: number;

  constructor(
    private readonly storage: DurableStorageLike,
    private readonly outbox: KvOutbox,
    options: DurableStoreOptions = {},
  ) {
    this.historyLimit = options.historyLimit ?? 10_000;
    for (const statement of SCHEMA) storage.sql.exec(statement);
  }

  async loadRecords(): Promise<Map<string, Versioned<RecordState>>> {
    const found = rows<{ key: string; value: string; version: number }>(
      this.storage.sql,
      'SELECT key, value, version FROM records',
    );
    return new Map(
      found.map((r) => [r.key, { value: JSON.parse(r.value) as RecordState, version: r.version }]),
    );
  }

  async commit(next: RecordState, expectedVersion: number, transition?: Transition): Promise<number> {
    try {
      return this.storage.transactionSync(() => {
        const sql = this.storage.sql;
        const current = rows<{ version: number }>(
          sql,
          'SELECT version FROM records WHERE key = ?',
          next.record,
        )[0];
        const version = current?.version ?? 0;
        if (version !== expectedVersion) {
          throw new ConflictError(next.record, `state version is ${version}, expected ${expectedVersion}`);
        }
        if (transition && rows(sql, 'SELECT 1 FROM transitions WHERE id = ?', transition.id).length > 0) {
          throw new ConflictError(next.record, `transition ${transition.id} is already recorded`);
        }
        const stored: Versioned<RecordState> = { value: next, version: version + 1 };
        sql.exec(
          'INSERT INTO records (key, value, version) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version',
          next.record,
          JSON.stringify(next),
          stored.version,
        );
        this.outbox.enqueue(kvKeys.state(next.record), JSON.stringify(stored));
        if (transition) {
          const text = JSON.stringify(transition);
          sql.exec(
            'INSERT INTO transitions (id, record, value) VALUES (?, ?, ?)',
            transition.id,
            transition.record,
            text,
          );
          sql.exec(
            'DELETE FROM transitions WHERE seq <= (SELECT MAX(seq) FROM transitions) - ?',
            this.historyLimit,
          );
          this.outbox.enqueue(kvKeys.transition(transition.id), text);
        }
        return stored.version;
      });
    } catch (error) {
      if (error instanceof ConflictError) throw error;
      throw new StoreError(`committing ${next.record} failed: ${(error as Error).message}`, {
        retryable: true,
        cause: error,
      });
    }
  }

  /**
   * Each record in its own SQLite transaction, so a lost compare-and-set rolls back that record only;
   * the Durable Object runs them back to back, with nothing interleaving.
   */
  async commitMany(commits: readonly Commit[]): Promise<(number | Error)[]> {
    const out: (number | Error)[] = [];
    for (const c of commits) {
      try {
        out.push(await this.commit(c.next, c.expectedVersion, c.transition));
      } catch (error) {
        out.push(error as Error);
      }
    }
    return out;
  }

  async history(query: HistoryQuery = {}): Promise<Transition[]> {
    const limit = query.limit ?? 100;
    const found = query.record
      ? rows<{ value: string }>(
          this.storage.sql,
          'SELECT value FROM transitions WHERE record = ? ORDER BY seq DESC LIMIT ?',
          query.record,
          limit,
        )
      : rows<{ value: string }>(
          this.storage.sql,
          'SELECT value FROM transitions ORDER BY seq DESC LIMIT ?',
          limit,
        );
    return found.map((r) => JSON.parse(r.value) as Transition);
  }

  async loadBeacon(plane: PlaneId): Promise<Beacon | undefined> {
    const found = rows<{ value: string }>(
      this.storage.sql,
      'SELECT value FROM beacons WHERE plane = ?',
      plane,
    )[0];
    return found ? (JSON.parse(found.value) as Beacon) : undefined;
  }

  /** Refused with its size, before anything is written, when the beacon would not fit a row. */
  async publishBeacon(beacon: Beacon): Promise<void> {
    const text = beaconText(beacon);
    this.storage.transactionSync(() => {
      this.storage.sql.exec(
        'INSERT INTO beacons (plane, value) VALUES (?, ?) ON CONFLICT(plane) DO UPDATE SET value = excluded.value',
        beacon.plane,
        text,
      );
      this.outbox.enqueue(kvKeys.beacon(beacon.plane), text);
    });
  }
}
