/**
 * The KV mirror as an outbox. What the Durable Object commits to SQLite is queued in the same
 * transaction and copied to Workers KV afterwards, so KV always catches up with SQLite, never the other
 * way round. Writes to one key are spaced by at least its interval (KV allows one write per second per
 * key; beacons may be spaced further to stay within a daily write allowance); a newer value replaces a
 * queued one. What cannot be written yet stays queued for the next flush (the Durable Object's alarm).
 * A flush writes at most `maxPerFlush` keys, beacons first: Workers KV allows 1,000 operations per
 * invocation, and a mass failover queues two keys per record (its state and its transition), so the
 * rest is left due and the next alarm, another invocation, goes on with it.
 */
import { errorMessage } from '../../core/errors';
import type { Clock } from '../../core/ports';
import { BEACON_PREFIX, type KvNamespaceLike } from '../kv/keys';
import { type DurableStorageLike, rows } from './sql';

export interface OutboxOptions {
  /** Least time between two writes of one key. Default 1 s. */
  intervalMs?: (key: string) => number;
  /** Delay before retrying a failed write. Default 5 s. */
  retryMs?: number;
  /** Most keys written by one flush (one invocation). Default 500, half of KV's 1,000 operations. */
  maxPerFlush?: number;
}

export interface FlushResult {
  written: string[];
  errors: string[];
  /** When the next queued write is due (ms since epoch), if any is queued: now or earlier when a flush left due keys. */
  nextDue?: number;
}

/** Beacons go first: a peer reads a plane's beacon from KV when its Durable Object cannot be reached. */
const BEACONS_FIRST = `CASE WHEN key LIKE '${BEACON_PREFIX}%' THEN 0 ELSE 1 END`;

const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS outbox (key TEXT PRIMARY KEY, value TEXT NOT NULL, due INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS kv_written (key TEXT PRIMARY KEY, at INTEGER NOT NULL)',
];

export class KvOutbox {
  private readonly intervalMs: (key: string) => number;
  private readonly retryMs: number;
  private readonly maxPerFlush: number;

  constructor(
    private readonly storage: DurableStorageLike,
    private readonly kv: KvNamespaceLike,
    private readonly clock: Clock,
    options: OutboxOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? (() => 1_000);
    this.retryMs = options.retryMs ?? 5_000;
    this.maxPerFlush = Math.max(1, options.maxPerFlush ?? 500);
    for (const statement of SCHEMA) storage.sql.exec(statement);
  }

  /** Queues `value` for `key`; call inside the transaction that commits it. */
  enqueue(key: string, value: string): void {
    const last = rows<{ at: number }>(this.storage.sql, 'SELECT at FROM kv_written WHERE key = ?', key)[0]
      ?.at;
    const now = this.clock.now();
    const due = last === undefined ? now : Math.max(now, last + this.intervalMs(key));
    this.storage.sql.exec(
      'INSERT INTO outbox (key, value, due) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, due = MAX(outbox.due, excluded.due)',
      key,
      value,
      due,
    );
  }

  pending(): { key: string; due: number }[] {
    return rows(this.storage.sql, 'SELECT key, due FROM outbox ORDER BY due, key');
  }

  /** Writes the queued values that are due, at most maxPerFlush, beacons first. Never throws; failures stay queued. */
  async flush(): Promise<FlushResult> {
    const now = this.clock.now();
    const due = rows<{ key: string; value: string }>(
      this.storage.sql,
      `SELECT key, value FROM outbox WHERE due <= ? ORDER BY ${BEACONS_FIRST}, due, key LIMIT ?`,
      now,
      this.maxPerFlush,
    );
    const result: FlushResult = { written: [], errors: [] };
    for (const { key, value } of due) {
      try {
        await this.kv.put(key, value);
      } catch (error) {
        result.errors.push(`${key}: ${errorMessage(error)}`);
        this.storage.sql.exec(
          'UPDATE outbox SET due = ? WHERE key = ?',
          this.clock.now() + this.retryMs,
          key,
        );
        continue;
      }
      const at = this.clock.now();
      this.storage.transactionSync(() => {
        this.storage.sql.exec('DELETE FROM outbox WHERE key = ? AND value = ?', key, value);
        this.storage.sql.exec(
          'INSERT INTO kv_written (key, at) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET at = excluded.at',
          key,
          at,
        );
        // A newer value queued while this one was in flight waits its turn.
        this.storage.sql.exec(
          'UPDATE outbox SET due = MAX(due, ?) WHERE key = ?',
          at + this.intervalMs(key),
          key,
        );
      });
      result.written.push(key);
    }
    const next = rows<{ due: number | null }>(this.storage.sql, 'SELECT MIN(due) AS due FROM outbox')[0]?.due;
    if (next !== null && next !== undefined) result.nextDue = next;
    return result;
  }
}
