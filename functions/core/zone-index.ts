/**
 * A zone's record sets by name and type, built once per read, so planning, ownership and drift look a
 * record up in constant time instead of scanning the zone for every record and provider.
 */
import type { RecordSet } from './types';

const NONE: readonly RecordSet[] = Object.freeze([]);

export class ZoneIndex {
  /** A name's one set, or its sets when it holds several (most names hold one: no array for those). */
  private readonly byName = new Map<string, RecordSet | RecordSet[]>();

  constructor(readonly sets: readonly RecordSet[]) {
    for (const set of sets) {
      const at = this.byName.get(set.name);
      if (at === undefined) this.byName.set(set.name, set);
      else if (Array.isArray(at)) at.push(set);
      else this.byName.set(set.name, [at, set]);
    }
  }

  /** The set of this name and type (the last one read, should a provider list two). */
  get(name: string, type: string): RecordSet | undefined {
    const at = this.byName.get(name);
    if (at === undefined) return undefined;
    if (!Array.isArray(at)) return at.type === type ? at : undefined;
    // A name holds a few types at most: a scan beats building and hashing a "name/type" key per lookup.
    for (let i = at.length - 1; i >= 0; i--) if (at[i]!.type === type) return at[i];
    return undefined;
  }

  /** What `name` holds as indexed: its one set, its sets, or undefined. Allocates nothing. */
  named(name: string): RecordSet | readonly RecordSet[] | undefined {
    return this.byName.get(name);
  }

  /** Every record set at `name`, whatever its type. */
  at(name: string): readonly RecordSet[] {
    const at = this.byName.get(name);
    return at === undefined ? NONE : Array.isArray(at) ? at : [at];
  }
}

// A read's record sets are never changed once read (the core treats them as immutable), so the index
// built for one array serves every record planned against it this tick.
const built = new WeakMap<readonly RecordSet[], ZoneIndex>();

/** The index of a zone as read; built on the first call for that read, then reused. */
export function zoneIndex(zone: readonly RecordSet[] | ZoneIndex): ZoneIndex {
  if (zone instanceof ZoneIndex) return zone;
  let index = built.get(zone);
  if (!index || index.sets.length !== zone.length) {
    index = new ZoneIndex(zone);
    built.set(zone, index);
  }
  return index;
}
