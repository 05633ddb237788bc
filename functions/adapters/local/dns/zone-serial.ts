/**
 * The SOA serial of the embedded zone. It moves whenever the served content changes, to the Unix time
 * of the change or one past the previous serial, whichever is later in serial arithmetic (RFC 1982),
 * so it never goes backwards, even if the clock does. It is kept next to zones.json with a digest of the
 * content it stands for: content that changed while the serial was not saved (a crash between the two
 * writes) is noticed at the next start and gets a new serial, never an old one reused.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RecordSet } from '../../../core/types';

interface Entry {
  serial: number;
  digest: string;
}

/** a is after b in RFC 1982 serial arithmetic (32 bits). */
export function serialAfter(a: number, b: number): boolean {
  const d = (a - b) >>> 0;
  return d !== 0 && d < 2 ** 31;
}

export function nextSerial(previous: number | undefined, nowSeconds: number): number {
  const now = nowSeconds >>> 0;
  if (previous === undefined) return now;
  return serialAfter(now, previous) ? now : (previous + 1) >>> 0;
}

/** A digest of record sets independent of their order. */
export function zoneDigest(sets: readonly RecordSet[]): string {
  const lines = sets.map((s) => JSON.stringify([s.name, s.type, s.ttl, [...s.values].sort()])).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export class ZoneSerials {
  private readonly entries: Record<string, Entry>;

  constructor(
    readonly file: string,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    let entries: Record<string, Entry> = {};
    try {
      entries = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.entries = entries;
  }

  /** The serial for this content of the zone, a new one (saved before it is returned) if it changed. */
  observe(zoneId: string, sets: readonly RecordSet[]): { serial: number; changed: boolean } {
    const digest = zoneDigest(sets);
    const entry = this.entries[zoneId];
    if (entry?.digest === digest) return { serial: entry.serial, changed: false };
    const next = { serial: nextSerial(entry?.serial, this.nowSeconds()), digest };
    this.entries[zoneId] = next;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.entries, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
    return { serial: next.serial, changed: true };
  }
}
