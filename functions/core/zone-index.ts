/**
 * A zone's record sets by name and type, built once per read, so planning, ownership and drift look a
 * record up in constant time instead of scanning the zone for every record and provider.
 */
import type { RecordSet } from './types';

export class ZoneIndex {
  private readonly byName = new Map<string, RecordSet[]>();

  constructor(readonly sets: readonly RecordSet[]) {
    for (const set of sets) {
      const at = this.byName.get(set.name);
      if (at) at.push(set);
      else this.byName.set(set.name, [set]);
    }
  }

  /** The set of this name and type (the last one read, should a provider list two). */
  get(name: string, type: string): RecordSet | undefined {
    const at = this.byName.get(name);
    if (!at) return undefined;
    // A name holds a few types at most: a scan beats building and hashing a "name/type" key per lookup.
    for (let i = at.length - 1; i >= 0; i--) if (at[i]!.type === type) return at[i];
    return undefined;
  }

  /** Every record set at `name`, whatever its type. */
  at(name: string): readonly RecordSet[] {
    return this.byName.get(name) ?? [];
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
