/**
 * Data-plane setup, the record sets of one zone: the failover sets desired (dataplane-plan.ts) against
 * the ones found, with the ownership marker guarding each record as the tick's plan does. Pure. Our
 * failover sets carry a `twinplane-` SetIdentifier; a record whose marker is not ours is left alone.
 * Leaving the mode replaces the chain with a plain set of the marker's pool in the same batch, so the
 * name never stops answering; the sets of a record gone from the config are left in place.
 */
import type { RecordSpec } from './config/model';
import { chainName, type DataPlaneDesired, type FailoverSet } from './dataplane-plan';
import { recordKey } from './names';
import { findMarker, markerSet, markerValue } from './ownership';
import type { PlaneId, RecordSet } from './types';

export const SET_ID_PREFIX = 'twinplane-';

/** A failover set as Route 53 holds it: the health check by id. */
export interface FoundFailoverSet extends Omit<FailoverSet, 'healthCheck'> {
  healthCheckId?: string;
}

export type SetChange =
  | { kind: 'upsert'; record: string; set: FailoverSet; prev?: FoundFailoverSet }
  | { kind: 'delete'; record: string; set: FoundFailoverSet }
  | { kind: 'create-plain'; record: string; role: 'record' | 'marker'; set: RecordSet }
  | { kind: 'delete-plain'; record: string; set: RecordSet };

export interface ZoneSetsInput {
  owner: string;
  plane: PlaneId;
  /** Every record of the config in this zone, in any mode. */
  records: readonly RecordSpec[];
  desired: readonly DataPlaneDesired[];
  /** The zone's plain record sets (markers, swap-mode sets); failover sets are in `failover`. */
  plain: readonly RecordSet[];
  failover: readonly FoundFailoverSet[];
  /** key -> id of health checks that stay (CheckDiff.kept); a key not in it is created or replaced. */
  kept: ReadonlyMap<string, string>;
}

export interface ZoneSetsDiff {
  /** One ChangeBatch: deletes first, then creates and upserts (alias targets before their aliases). */
  changes: SetChange[];
  /** Records left alone, with why. */
  foreign: string[];
}

/** The record a set of ours belongs to: its own name, or the name a `_twinplane-chainN-type.` prefix hides. */
export function baseName(name: string, type: string): string {
  const m = name.match(/^_twinplane-chain\d+-([a-z0-9]+)\.(.+)$/);
  return m && m[1] === type.toLowerCase() ? m[2]! : name;
}

const sameSet = (want: FailoverSet, have: FoundFailoverSet, id: string | undefined) =>
  want.failover === have.failover &&
  want.ttl === have.ttl &&
  want.aliasTo === have.aliasTo &&
  (want.values ?? []).join() === [...(have.values ?? [])].sort().join() &&
  (want.healthCheck === undefined
    ? have.healthCheckId === undefined
    : id !== undefined && id === have.healthCheckId);

/** Ours to write, or why not: the marker must be absent (we add it) or ours. */
function ownership(
  owner: string,
  record: { key: string; name: string; type: string },
  plain: readonly RecordSet[],
) {
  const found = findMarker(record as RecordSpec, plain);
  if (!found) return { ours: true as const, marker: undefined };
  if (!found.marker) return { ours: false as const, why: `${found.set.name} TXT is not a twinplane marker` };
  if (found.marker.owner !== owner) return { ours: false as const, why: `owned by "${found.marker.owner}"` };
  return { ours: true as const, marker: found.marker };
}

const plainAt = (plain: readonly RecordSet[], name: string, type: string) =>
  plain.find((s) => s.name === name && s.type === type);

export function diffZoneSets(input: ZoneSetsInput): ZoneSetsDiff {
  const { owner, plain, failover } = input;
  const deletes: SetChange[] = [];
  const writes: SetChange[] = [];
  const foreign: string[] = [];
  const claimed = new Set<FoundFailoverSet>();
  const spec = new Map(input.records.map((r) => [r.key, r]));
  for (const want of input.desired) {
    const record = spec.get(want.record);
    if (!record) continue;
    const owned = ownership(owner, record, plain);
    if (!owned.ours) {
      foreign.push(`${record.key}: ${owned.why}, left alone`);
      continue;
    }
    const existing = plainAt(plain, record.name, record.type);
    if (existing && !owned.marker) {
      foreign.push(`${record.key} exists without a twinplane ownership marker, left alone`);
      continue;
    }
    if (!owned.marker) {
      const value = markerValue(owner, record.key, {
        activePool: record.pools[0]!.name,
        epoch: 0,
        plane: input.plane,
      });
      writes.push({
        kind: 'create-plain',
        record: record.key,
        role: 'marker',
        set: markerSet(record, value),
      });
    }
    // From swap mode: the plain set gives way to the failover sets in the same batch.
    if (existing) deletes.push({ kind: 'delete-plain', record: record.key, set: existing });
    for (const set of want.sets) {
      const have = failover.find(
        (f) => f.name === set.name && f.type === set.type && f.setIdentifier === set.setIdentifier,
      );
      if (have) claimed.add(have);
      const id = set.healthCheck ? input.kept.get(set.healthCheck) : undefined;
      if (!have || !sameSet(set, have, id))
        writes.push({ kind: 'upsert', record: record.key, set, ...(have ? { prev: have } : {}) });
    }
  }
  const dataplane = new Set(input.desired.map((d) => d.record));
  const replaced = new Set<string>();
  const reported = new Set<string>();
  for (const have of failover) {
    if (claimed.has(have) || !have.setIdentifier.startsWith(SET_ID_PREFIX)) continue;
    const name = baseName(have.name, have.type);
    const key = recordKey(name, have.type);
    const record = spec.get(key);
    const owned = ownership(owner, record ?? { key, name, type: have.type }, plain);
    if (!owned.ours || !owned.marker) {
      if (!dataplane.has(key))
        foreign.push(`${have.name} ${have.type} (${have.setIdentifier}): not ours, left alone`);
      continue;
    }
    // A record gone from the config keeps answering: deleting its sets would leave the name empty.
    if (!record) {
      if (!reported.has(key))
        foreign.push(`${key}: not in the config; its failover sets and health checks are left in place`);
      reported.add(key);
      continue;
    }
    deletes.push({ kind: 'delete', record: key, set: have });
    // Leaving the mode: the record answers its marker's pool (the first pool without one) until the tick.
    if (
      record &&
      !dataplane.has(key) &&
      name === have.name &&
      !replaced.has(key) &&
      !plainAt(plain, name, have.type)
    ) {
      replaced.add(key);
      const pool = record.pools.find((p) => p.name === owned.marker?.pool) ?? record.pools[0]!;
      writes.push({
        kind: 'create-plain',
        record: key,
        role: 'record',
        set: {
          name: record.name,
          type: record.type,
          ttl: record.ttl.normal,
          values: [...pool.values].sort(),
        },
      });
    }
  }
  const level = (c: SetChange) => {
    const m = (c.kind === 'upsert' ? c.set.name : '').match(/^_twinplane-chain(\d+)-/);
    return m ? Number(m[1]) : 0;
  };
  // Alias targets exist before the aliases that point at them: deepest chain level first.
  const ordered = writes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => level(b.c) - level(a.c) || a.i - b.i)
    .map((x) => x.c);
  return { changes: [...deletes, ...ordered], foreign };
}

/** The chain names of a record in data-plane mode (level 0 is the record's own name). */
export const chainNames = (record: RecordSpec) =>
  record.pools.slice(0, -1).map((_, level) => chainName(record, level));
