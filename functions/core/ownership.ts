/**
 * Ownership markers: a registry TXT record beside each managed record set, as external-dns' TXT
 * registry does. A record set without our marker is foreign and never touched. The marker also
 * carries the epoch and pool, so it doubles as a compare-and-set token on the provider itself.
 */
import type { RecordSpec } from './config/model';
import type { PlaneId, RecordSet, RecordState } from './types';
import { type ZoneIndex, zoneIndex } from './zone-index';

const HERITAGE = 'twinplane';

export interface Marker {
  owner: string;
  record: string;
  pool: string;
  epoch: number;
  plane: PlaneId | string;
}

/** `_twinplane-a.app.example.com`: a name of its own so it can sit beside a CNAME. */
export function markerName(record: Pick<RecordSpec, 'name' | 'type'>): string {
  let name = markerNames.get(record);
  if (name === undefined) {
    name = `_twinplane-${record.type.toLowerCase()}.${record.name}`;
    markerNames.set(record, name);
  }
  return name;
}

// One string per record spec: built once, its hash computed once, however often a tick looks it up.
const markerNames = new WeakMap<Pick<RecordSpec, 'name' | 'type'>, string>();

export function markerValue(
  owner: string,
  record: string,
  state: Pick<RecordState, 'activePool' | 'epoch' | 'plane'>,
): string {
  return `heritage=${HERITAGE},owner=${owner},record=${record},pool=${state.activePool},epoch=${state.epoch},plane=${state.plane}`;
}

/**
 * Markers parsed so far, by value: a tick looks at every managed record's marker several times (adoption,
 * planning, drift) on every provider, and the same values come back every tick. Bounded: cleared whole
 * when full. Entries are frozen, since they are shared.
 */
const parsed = new Map<string, Readonly<Marker> | null>();
const PARSED_MAX = 50_000;

export function parseMarker(value: string): Readonly<Marker> | undefined {
  // One lookup: a value that is not a marker is remembered as null.
  const known = parsed.get(value);
  if (known !== undefined) return known ?? undefined;
  const marker = parseMarkerValue(value);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(value, marker ? Object.freeze(marker) : null);
  return marker;
}

function parseMarkerValue(value: string): Marker | undefined {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  if (fields.get('heritage') !== HERITAGE) return undefined;
  const epoch = Number(fields.get('epoch'));
  const owner = fields.get('owner');
  const record = fields.get('record');
  const pool = fields.get('pool');
  if (!owner || !record || !pool || !Number.isInteger(epoch) || epoch < 0) return undefined;
  return { owner, record, pool, epoch, plane: fields.get('plane') ?? 'unknown' };
}

export function markerSet(record: RecordSpec, value: string): RecordSet {
  return { name: markerName(record), type: 'TXT', ttl: 300, values: [value] };
}

/** A marker-named TXT set in a zone, and the marker it holds for the record when one parses. */
export interface FoundMarkerSet {
  set: RecordSet;
  marker?: Marker;
}

/** The marker found among a zone's record sets, if it parses as ours for this record. */
export function findMarker(
  record: RecordSpec,
  actual: readonly RecordSet[] | ZoneIndex,
): FoundMarkerSet | undefined {
  const set = zoneIndex(actual).get(markerName(record), 'TXT');
  if (!set) return undefined;
  for (const value of set.values) {
    const marker = parseMarker(value);
    if (marker && marker.record === record.key) return { set, marker };
  }
  return { set };
}
