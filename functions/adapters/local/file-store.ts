/**
 * The local plane's StateStore: one JSON document in a state directory. Every write happens under a
 * lock directory (atomic mkdir, stale after 30 s) and lands by write-then-rename, so a crash leaves
 * either the old file or the new one, and two processes sharing the directory still get a real CAS.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../../core/errors';
import type { HistoryQuery, StateStore } from '../../core/ports';
import type { Beacon, PlaneId, RecordState, Transition, Versioned } from '../../core/types';
import { commitInto, emptyStoreData, type MemoryStoreData, queryHistory } from '../memory/store';

const STALE_LOCK_MS = 30_000;

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path);
}

export async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(dir, '.lock');
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else if (Date.now() - started > 10_000)
        throw new StoreError(`state lock ${lock} is held`, { retryable: true });
      else await new Promise((r) => setTimeout(r, 10));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export class FileStateStore implements StateStore {
  readonly file: string;
  constructor(readonly dir: string) {
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

  private async update<T>(fn: (data: MemoryStoreData) => T): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    return withLock(this.dir, async () => {
      const data = await this.read();
      const result = fn(data);
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
      return result;
    });
  }

  async loadRecords(): Promise<Map<string, Versioned<RecordState>>> {
    return new Map(Object.entries((await this.read()).records));
  }

  commit(next: RecordState, expectedVersion: number, transition?: Transition): Promise<number> {
    return this.update((data) => commitInto(data, next, expectedVersion, transition));
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
