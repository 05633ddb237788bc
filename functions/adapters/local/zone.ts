/** The local plane's DNS provider: an in-memory zone persisted to the state directory on every change. */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordSet } from '../../core/types';
import { ZONE_TYPES } from '../../zone/model';
import { MemoryDnsProvider } from '../memory/dns';
import { writeFileAtomic } from './file-store';

export class LocalZoneProvider extends MemoryDnsProvider {
  private pending: Promise<void> = Promise.resolve();
  /** Called after each applied change, once the new content is in memory (the DNS server's serial). */
  readonly listeners: ((zoneId: string) => void)[] = [];

  constructor(readonly dir: string) {
    const file = join(dir, 'zones.json');
    let zones: Record<string, RecordSet[]> = {};
    try {
      zones = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    super({
      name: 'local',
      zones,
      // Its DNS server answers every type zone import writes.
      capabilities: { types: [...ZONE_TYPES] },
      onChange: (zoneId) => {
        const text = `${JSON.stringify(Object.fromEntries(this.zones), null, 2)}\n`;
        this.pending = this.pending
          .then(() => mkdir(dir, { recursive: true }))
          .then(() => writeFileAtomic(file, text))
          .catch((error) => console.error(`twinplane: cannot save ${file}: ${(error as Error).message}`));
        for (const listener of this.listeners) listener(zoneId);
      },
    });
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.pending;
  }
}
