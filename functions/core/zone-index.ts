/**
 * A zone's record sets by name and type, built once per read, so planning, ownership and drift look a
 * record up in constant time instead of scanning the zone for every record and provider.
 */
import type { RecordSet } from './types';

const keyOf = (name: string, type: string) => `${name}/${type}`;

export class ZoneIndex {
  private readonly byKey = new Map<string, RecordSet>();
  private readonly byName = new Map<string, RecordSet[]>();

  constructor(readonly sets: readonly RecordSet[]) {
    for (const set of sets) {
      this.byKey.set(keyOf(set.name, set.type), set);
      const at = this.byName.get(set.name);
      if (at) at.push(set);
      else this.byName.set(set.name, [set]);
    }
  }

  get(name: string, type: string): RecordSet | undefined {
    return this.byKey.get(keyOf(name, type));
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
