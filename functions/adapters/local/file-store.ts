/**
 * The local plane's StateStore: one JSON document in a state directory. Every write happens under the
 * directory's owned lock (lock.ts) and lands by write, fsync, rename, fsync of the directory, so a
 * crash or power loss leaves either the old file or the new one, and two processes sharing the
 * directory still get a real CAS.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StoreError } from '../../core/errors';
import type { Commit, HistoryQuery, StateStore } from '../../core/ports';
import type { Beacon, PlaneId, RecordState, Transition, Versioned } from '../../core/types';
import {
  commitInto,
  commitManyInto,
  emptyStoreData,
  type MemoryStoreData,
  queryHistory,
} from '../memory/store';
import { type LockOptions, withLock } from './lock';

export { withLock } from './lock';

/** Writes `text` to `path` durably: a synced temporary file renamed over it, then the directory synced. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  const file = await open(tmp, 'w', 0o600);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  // The rename is durable only once the directory entry is; Windows cannot open a directory to sync it.
  if (process.platform === 'win32') return;
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

export class FileStateStore implements StateStore {
  readonly file: string;
  constructor(
    readonly dir: string,
    private readonly lockOptions: LockOptions = {},
  ) {
    this.file = join(dir, 'state.json');
  }

  private async read(): Promise<MemoryStoreData> {
    try {
      return { ...emptyStoreData(), ...JSON.parse(await readFile(this.file, 'utf8')) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyStoreData();
      throw new StoreError(`cannot read ${this.file}: ${(error as Error).message}`, {
        retryable: false,
        cause: error,
      });
    }
  }

  /**
   * Runs `fn` holding the state directory's lock; writes of this store (and of the local zone) made
   * inside it join that hold. The local plane runs apply and commit in it.
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    return withLock(this.dir, () => fn(), this.lockOptions);
  }

  private async update<T>(fn: (data: MemoryStoreData) => T): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    return withLock(
      this.dir,
      async (lock) => {
        const data = await this.read();
        const result = fn(data);
        await lock.verify();
        await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
        return result;
      },
      this.lockOptions,
    );
  }

  async loadRecords(): Promise<Map<string, Versioned<RecordState>>> {
    return new Map(Object.entries((await this.read()).records));
  }

  commit(next: RecordState, expectedVersion: number, transition?: Transition): Promise<number> {
    return this.update((data) => commitInto(data, next, expectedVersion, transition));
  }

  /** Every record in one locked read-modify-write of the file: one write and one fsync for all. */
  commitMany(commits: readonly Commit[]): Promise<(number | Error)[]> {
    if (commits.length === 0) return Promise.resolve([]);
    return this.update((data) => commitManyInto(data, commits));
  }

  async history(query?: HistoryQuery): Promise<Transition[]> {
    return queryHistory((await this.read()).transitions, query);
  }

  async loadBeacon(plane: PlaneId): Promise<Beacon | undefined> {
    return (await this.read()).beacons[plane];
  }

  publishBeacon(beacon: Beacon): Promise<void> {
    return this.update((data) => {
      data.beacons[beacon.plane] = beacon;
    });
  }
}
