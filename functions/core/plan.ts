/**
 * Plan: the desired record sets of one record on one provider against what the provider holds,
 * as an ordered change list (deletes, creates, updates carrying old and new). Pure and deterministic.
 */
import type { RecordSpec } from './config/model';
import { compareText } from './order';
import { findMarker, type Marker, markerSet, markerValue } from './ownership';
import type { Change, ProviderName, RecordSet, RecordState } from './types';
import { type ZoneIndex, zoneIndex } from './zone-index';

export interface RecordPlan {
  record: string;
  provider: ProviderName;
  changes: Change[];
  /** Set when the record set is not ours: nothing is planned and this says why. */
  foreign?: string;
  /** Our marker as found on the provider, for adopting a newer epoch written by another plane. */
  found?: Marker;
}

export function desiredRecordSet(record: RecordSpec, state: RecordState, provider: ProviderName): RecordSet {
  const index = record.pools.findIndex((p) => p.name === state.activePool);
  const pool = record.pools[index] ?? record.pools[0]!;
  const set: RecordSet = {
    name: record.name,
    type: record.type,
    ttl: index === 0 ? record.ttl.normal : record.ttl.outage,
    values: [...pool.values].sort(),
  };
  if (provider === 'cloudflare') {
    set.proxied = pool.proxied;
    // Cloudflare serves proxied records with its automatic TTL (written and read back as 1).
    if (pool.proxied) set.ttl = 1;
  }
  return set;
}

export function sameRecordSet(a: RecordSet, b: RecordSet): boolean {
  return (
    a.name === b.name &&
    a.type === b.type &&
    a.ttl === b.ttl &&
    (a.proxied ?? false) === (b.proxied ?? false) &&
    sameValues(a.values, b.values)
  );
}

const isSorted = (values: readonly string[]) => values.every((v, i) => i === 0 || values[i - 1]! <= v);

/** Equal as multisets. Values are normally sorted already (see RecordSet); only unsorted ones are copied. */
export function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = isSorted(a) ? a : [...a].sort();
  const y = isSorted(b) ? b : [...b].sort();
  return x.every((v, i) => v === y[i]);
}

const sameMarker = (a: Marker | undefined, b: Marker) =>
  a !== undefined && a.owner === b.owner && a.record === b.record && a.pool === b.pool && a.epoch === b.epoch;

/**
 * Plans one record on one provider. `actual` is every record set read from the record's zone (indexed
 * once per read, so planning every record of a zone stays linear in the zone).
 */
export function planRecord(
  record: RecordSpec,
  state: RecordState,
  provider: ProviderName,
  actual: readonly RecordSet[] | ZoneIndex,
  owner: string,
): RecordPlan {
  const base = { record: record.key, provider };
  const zone = zoneIndex(actual);
  const found = findMarker(record, zone);
  const current = zone.get(record.name, record.type);
  const clash = zone
    .at(record.name)
    .find((s) => s.type !== record.type && (s.type === 'CNAME' || record.type === 'CNAME'));
  if (clash) {
    return {
      ...base,
      changes: [],
      foreign: `a ${clash.type} record already exists at ${record.name} and cannot sit beside a ${record.type}`,
    };
  }
  if (found && !found.marker) {
    return {
      ...base,
      changes: [],
      foreign: `${found.set.name} TXT exists but is not a twinplane marker for ${record.key}`,
    };
  }
  if (found?.marker && found.marker.owner !== owner) {
    return {
      ...base,
      changes: [],
      foreign: `owned by "${found.marker.owner}", not "${owner}"`,
      found: found.marker,
    };
  }
  if (!found && current) {
    return {
      ...base,
      changes: [],
      foreign: `${record.key} exists without a twinplane ownership marker; delete it or add the marker to hand it over`,
    };
  }

  const desired = desiredRecordSet(record, state, provider);
  // Built only for a change: a steady tick compares markers as parsed fields, not as TXT values.
  const wantedMarker = () => markerSet(record, markerValue(owner, record.key, state));
  const wanted: Marker = {
    owner,
    record: record.key,
    pool: state.activePool,
    epoch: state.epoch,
    plane: state.plane,
  };
  const changes: Change[] = [];
  if (!current) changes.push({ kind: 'create', role: 'record', record: record.key, next: desired });
  else if (!sameRecordSet(current, desired)) {
    changes.push({ kind: 'update', role: 'record', record: record.key, prev: current, next: desired });
  }
  if (!found) changes.push({ kind: 'create', role: 'marker', record: record.key, next: wantedMarker() });
  else if (!sameMarker(found.marker, wanted)) {
    changes.push({
      kind: 'update',
      role: 'marker',
      record: record.key,
      prev: found.set,
      next: wantedMarker(),
    });
  }
  return { ...base, changes: orderChanges(changes), ...(found?.marker ? { found: found.marker } : {}) };
}

const KIND_ORDER = { delete: 0, create: 1, update: 2 } as const;

/** Deletes, then creates, then updates; records before their markers; stable by name. */
export function orderChanges(changes: readonly Change[]): Change[] {
  if (changes.length < 2) return [...changes];
  const nameOf = (c: Change) => (c.kind === 'delete' ? c.prev.name : c.next.name);
  return [...changes].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.role === b.role ? 0 : a.role === 'record' ? -1 : 1) ||
      compareText(nameOf(a), nameOf(b)),
  );
}

/** Applies changes to a record set list, as a provider would. Used by in-memory providers and tests. */
export function applyChanges(actual: readonly RecordSet[], changes: readonly Change[]): RecordSet[] {
  const key = (s: RecordSet) => `${s.name}/${s.type}`;
  const map = new Map(actual.map((s) => [key(s), s]));
  for (const change of changes) {
    if (change.kind === 'delete') map.delete(key(change.prev));
    else {
      if (change.kind === 'update') map.delete(key(change.prev));
      map.set(key(change.next), change.next);
    }
  }
  return [...map.values()];
}
