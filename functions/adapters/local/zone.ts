/**
 * The local plane's DNS provider: an in-memory zone kept in the state directory's zones.json. Every
 * apply runs under the directory's lock, starts from the file as it is (another process of the plane
 * may have written it) and is on disk before it returns; reads pick up a file another process wrote.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ZoneSpec } from '../../core/config/model';
import type { ApplyResult } from '../../core/ports';
import type { Change, RecordSet } from '../../core/types';
import { ZONE_TYPES } from '../../zone/model';
import { MemoryDnsProvider } from '../memory/dns';
import { writeFileAtomic } from './file-store';
import { type LockOptions, withLock } from './lock';

type Zones = Record<string, RecordSet[]>;

/** Which version of zones.json the memory holds: inode, size and mtime change with every write. */
const signature = (s: { ino: number; size: number; mtimeMs: number }) => `${s.ino}:${s.size}:${s.mtimeMs}`;

function loadSync(file: string): { zones: Zones; seen?: string } {
  try {
    const seen = signature(statSync(file));
    return { zones: JSON.parse(readFileSync(file, 'utf8')), seen };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { zones: {} };
  }
}

export class LocalZoneProvider extends MemoryDnsProvider {
  /** Called after each change, once the new content is in memory (the DNS server's serial). */
  readonly listeners: ((zoneId: string) => void)[] = [];
  readonly file: string;
  private seen: string | undefined;
  private dirty = false;

  constructor(
    readonly dir: string,
    private readonly lockOptions: LockOptions = {},
  ) {
    const file = join(dir, 'zones.json');
    const loaded = loadSync(file);
    super({
      name: 'local',
      zones: loaded.zones,
      // Its DNS server answers every type zone import writes.
      capabilities: { types: [...ZONE_TYPES] },
      onChange: (zoneId) => {
        this.dirty = true;
        for (const listener of this.listeners) listener(zoneId);
      },
    });
    this.file = file;
    this.seen = loaded.seen;
  }

  override async read(zone: ZoneSpec): Promise<RecordSet[]> {
    await this.refresh();
    return super.read(zone);
  }

  override async apply(zone: ZoneSpec, changes: readonly Change[]): Promise<ApplyResult | undefined> {
    await mkdir(this.dir, { recursive: true });
    return withLock(
      this.dir,
      async (lock) => {
        await this.refresh();
        this.dirty = false;
        const result = await super.apply(zone, changes);
        if (this.dirty) {
          await lock.verify();
          await writeFileAtomic(this.file, `${JSON.stringify(Object.fromEntries(this.zones), null, 2)}\n`);
          this.seen = signature(await stat(this.file));
        }
        return result;
      },
      this.lockOptions,
    );
  }

  /** Loads zones.json again when another process has replaced it since this one last read or wrote it. */
  private async refresh(): Promise<void> {
    const now = await stat(this.file).then(signature, (error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    });
    if (now === undefined || now === this.seen) return;
    const zones = JSON.parse(await readFile(this.file, 'utf8')) as Zones;
    const ids = new Set([...this.zones.keys(), ...Object.keys(zones)]);
    this.zones.clear();
    for (const [id, sets] of Object.entries(zones)) this.zones.set(id, sets);
    this.seen = now;
    for (const id of ids) for (const listener of this.listeners) listener(id);
  }

  /** Every change is on disk once its apply resolved; kept for callers that close the provider. */
  flush(): Promise<void> {
    return Promise.resolve();
  }
}
