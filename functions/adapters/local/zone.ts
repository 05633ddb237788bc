/** The local plane's DNS provider: an in-memory zone persisted to the state directory on every change. */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordSet } from '../../core/types';
import { MemoryDnsProvider } from '../memory/dns';
import { writeFileAtomic } from './file-store';

export function loadLocalZone(dir: string): MemoryDnsProvider {
  const file = join(dir, 'zones.json');
  let zones: Record<string, RecordSet[]> = {};
  try {
    zones = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let pending = Promise.resolve();
  const provider = new MemoryDnsProvider({
    name: 'local',
    zones,
    onChange: () => {
      const snapshot = Object.fromEntries(provider.zones);
      pending = pending
        .then(() => mkdir(dir, { recursive: true }))
        .then(() => writeFileAtomic(file, `${JSON.stringify(snapshot, null, 2)}\n`))
        .catch((error) => console.error(`twinplane: cannot save ${file}: ${(error as Error).message}`));
    },
  });
  return provider;
}
