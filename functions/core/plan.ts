/**
 * Plan: the desired record sets of one record on one provider against what the provider holds,
 * as an ordered change list (deletes, creates, updates carrying old and new). Pure and deterministic.
 */
import type { RecordSpec } from './config/model';
import { compareText } from './order';
import { type FoundMarkerSet, findMarker, type Marker, markerSet, markerValue } from './ownership';
import { type Change, NO_CHANGES, type ProviderName, type RecordSet, type RecordState } from './types';
import { type ZoneIndex, zoneIndex } from './zone-index';

export interface RecordPlan {
  record: string;
  provider: ProviderName;
  /** In order (orderChanges); the shared empty list when the provider already holds the desired state. */
  changes: readonly Change[];
  /** Set when the record set is not ours: nothing is planned and this says why. */
  foreign?: string;
  /** Our marker as found on the provider, for adopting a newer epoch written by another plane. */
  found?: Marker;
}

/** A pool's values sorted, once per pool spec (a config never changes once loaded). */
function sortedValues(pool: { values: readonly string[] }): readonly string[] {
  let sorted = sortedPools.get(pool);
  if (!sorted) {
    sorted = [...pool.values].sort();
    sortedPools.set(pool, sorted);
  }
  return sorted;
}
const sortedPools = new WeakMap<{ values: readonly string[] }, readonly string[]>();

function poolIndex(record: RecordSpec, pool: string): number {
  const pools = record.pools;
  for (let i = 0; i < pools.length; i++) if (pools[i]!.name === pool) return i;
  return -1;
}

export function desiredRecordSet(record: RecordSpec, state: RecordState, provider: ProviderName): RecordSet {
  const index = poolIndex(record, state.activePool);
  const pool = record.pools[index] ?? record.pools[0]!;
  const set: RecordSet = {
    name: record.name,
    type: record.type,
    ttl: index === 0 ? record.ttl.normal : record.ttl.outage,
    values: [...sortedValues(pool)],
  };
  if (provider === 'cloudflare') {
    set.proxied = pool.proxied;
    // Cloudflare serves proxied records with its automatic TTL (written and read back as 1).
    if (pool.proxied) set.ttl = 1;
  }
  return set;
}

/** Whether `current` already is the desired set, compared field by field without building it. */
function isDesired(
  current: RecordSet,
  record: RecordSpec,
  state: RecordState,
  provider: ProviderName,
): boolean {
  const index = poolIndex(record, state.activePool);
  const pool = record.pools[index] ?? record.pools[0]!;
  const proxied = provider === 'cloudflare' ? (pool.proxied ?? false) : false;
  const ttl = proxied ? 1 : index === 0 ? record.ttl.normal : record.ttl.outage;
  return (
    current.name === record.name &&
    current.type === record.type &&
    current.ttl === ttl &&
    (current.proxied ?? false) === proxied &&
    sameValues(current.values, sortedValues(pool))
  );
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

function isSorted(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i - 1]! > values[i]!) return false;
  return true;
}

/** Equal as multisets. Values are normally sorted already (see RecordSet); only unsorted ones are copied. */
export function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = isSorted(a) ? a : [...a].sort();
  const y = isSorted(b) ? b : [...b].sort();
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function isWantedMarker(found: Marker | undefined, owner: string, key: string, state: RecordState): boolean {
  return (
    found !== undefined &&
    found.owner === owner &&
    found.record === key &&
    found.pool === state.activePool &&
    found.epoch === state.epoch
  );
}

/**
 * Plans one record on one provider. `actual` is every record set read from the record's zone (indexed
 * once per read, so planning every record of a zone stays linear in the zone). `found` is the record's
 * marker set in it when the caller has looked it up already (null: looked up, none there; undefined:
 * look it up here).
 */
export function planRecord(
  record: RecordSpec,
  state: RecordState,
  provider: ProviderName,
  actual: readonly RecordSet[] | ZoneIndex,
  owner: string,
  found?: FoundMarkerSet | null,
): RecordPlan {
  const key = record.key;
  const zone = zoneIndex(actual);
  const marker = found === undefined ? findMarker(record, zone) : (found ?? undefined);
  // One look at the record's name: its set of the record's type, and any type that cannot sit beside it.
  let current: RecordSet | undefined;
  let clash: RecordSet | undefined;
  const here = zone.named(record.name);
  const count = here === undefined ? 0 : Array.isArray(here) ? here.length : 1;
  for (let i = 0; i < count; i++) {
    const set = Array.isArray(here) ? here[i]! : (here as RecordSet);
    if (set.type === record.type) current = set;
    else if (!clash && (set.type === 'CNAME' || record.type === 'CNAME')) clash = set;
  }
  if (clash) {
    return {
      record: key,
      provider,
      changes: [],
      foreign: `a ${clash.type} record already exists at ${record.name} and cannot sit beside a ${record.type}`,
    };
  }
  if (marker && !marker.marker) {
    return {
      record: key,
      provider,
      changes: [],
      foreign: `${marker.set.name} TXT exists but is not a twinplane marker for ${key}`,
    };
  }
  if (marker?.marker && marker.marker.owner !== owner) {
    return {
      record: key,
      provider,
      changes: [],
      foreign: `owned by "${marker.marker.owner}", not "${owner}"`,
      found: marker.marker,
    };
  }
  if (!marker && current) {
    return {
      record: key,
      provider,
      changes: [],
      foreign: `${key} exists without a twinplane ownership marker; delete it or add the marker to hand it over`,
    };
  }

  // A steady tick builds nothing: the record set and the marker are compared as they are read, and
  // a change list is made only for a change.
  let changes: Change[] | undefined;
  if (!current)
    changes = [
      { kind: 'create', role: 'record', record: key, next: desiredRecordSet(record, state, provider) },
    ];
  else if (!isDesired(current, record, state, provider)) {
    changes = [
      {
        kind: 'update',
        role: 'record',
        record: key,
        prev: current,
        next: desiredRecordSet(record, state, provider),
      },
    ];
  }
  let markerChange: Change | undefined;
  if (!marker) {
    const next = markerSet(record, markerValue(owner, key, state));
    markerChange = { kind: 'create', role: 'marker', record: key, next };
  } else if (!isWantedMarker(marker.marker, owner, key, state)) {
    const next = markerSet(record, markerValue(owner, key, state));
    markerChange = { kind: 'update', role: 'marker', record: key, prev: marker.set, next };
  }
  if (markerChange) changes = changes ? [...changes, markerChange] : [markerChange];
  const plan: RecordPlan = {
    record: key,
    provider,
    changes: changes === undefined ? NO_CHANGES : changes.length < 2 ? changes : orderChanges(changes),
  };
  if (marker?.marker) plan.found = marker.marker;
  return plan;
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
