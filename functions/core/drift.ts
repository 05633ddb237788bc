/**
 * Drift: each managed record and its ownership marker as every provider holds them, against the newest
 * epoch known (the committed state, or a newer marker another plane wrote). Reads only what a tick has
 * already read, so checking costs no API call. Foreign record sets are the tick's `foreign` events.
 */
import type { Config, RecordSpec } from './config/model';
import { zoneFor } from './config/zones';
import { findMarker, type Marker } from './ownership';
import { desiredRecordSet, sameRecordSet } from './plan';
import { type ZoneReads, zoneKey } from './reconcile';
import {
  type CoreEvent,
  PROVIDERS,
  type ProviderName,
  type RecordSet,
  type RecordState,
  type Versioned,
} from './types';
import { zoneIndex } from './zone-index';

export interface DriftInput {
  config: Config;
  reads: ZoneReads;
  /** The committed states (before this tick decided anything). */
  states?: ReadonlyMap<string, Versioned<RecordState>>;
  now: number;
}

interface Held {
  provider: ProviderName;
  sets: RecordSet[];
  marker: Marker | undefined;
}

/** The zones of `record` that were read, with our marker in each; providers holding it foreign are left out. */
function heldBy(config: Config, record: RecordSpec, reads: ZoneReads): Held[] {
  const out: Held[] = [];
  for (const provider of PROVIDERS.filter((p) => record.providers.includes(p))) {
    const zone = zoneFor(config.providers[provider]?.zones ?? [], record.name);
    const sets = zone ? reads.get(zoneKey(provider, zone)) : undefined;
    if (!sets || sets instanceof Error) continue;
    const found = findMarker(record, sets);
    if (found && found.marker?.owner !== config.owner) continue;
    out.push({ provider, sets, marker: found?.marker });
  }
  return out;
}

const list = (values: readonly string[]) => (values.length > 0 ? [...values].sort().join(', ') : '(none)');

function describe(current: RecordSet | undefined, desired: RecordSet, pool: string, epoch: number): string[] {
  const wanted = `pool ${pool} (epoch ${epoch})`;
  if (!current)
    return [`no ${desired.type} record set at ${desired.name}; ${wanted} is ${list(desired.values)}`];
  if (sameRecordSet(current, desired)) return [];
  const out: string[] = [];
  if (list(current.values) !== list(desired.values))
    out.push(`holds ${list(current.values)} where ${wanted} is ${list(desired.values)}`);
  if (current.ttl !== desired.ttl) out.push(`ttl ${current.ttl} where ${wanted} has ${desired.ttl}`);
  if ((current.proxied ?? false) !== (desired.proxied ?? false))
    out.push(`proxied ${current.proxied ?? false} where ${wanted} has ${desired.proxied ?? false}`);
  return out;
}

/** One `drift` event per record and provider whose copy is not what the newest epoch says. */
export function zoneDrift(input: DriftInput): CoreEvent[] {
  const { config, reads, now } = input;
  const events: CoreEvent[] = [];
  for (const record of config.records) {
    const held = heldBy(config, record, reads);
    const state = input.states?.get(record.key)?.value;
    let ref = state ? { pool: state.activePool, epoch: state.epoch } : undefined;
    for (const h of held)
      if (h.marker && (!ref || h.marker.epoch > ref.epoch))
        ref = { pool: h.marker.pool, epoch: h.marker.epoch };
    if (!ref) continue;
    const at = {
      ...(state ?? { record: record.key, since: now, reason: '', plane: 'local' as const }),
      activePool: ref.pool,
      epoch: ref.epoch,
    };
    for (const h of held) {
      const desired = desiredRecordSet(record, at, h.provider);
      const current = zoneIndex(h.sets).get(record.name, record.type);
      const details = describe(current, desired, ref.pool, ref.epoch);
      if (!h.marker) details.push('its ownership marker is missing');
      else if (h.marker.epoch !== ref.epoch || h.marker.pool !== ref.pool)
        details.push(`its marker says pool ${h.marker.pool} at epoch ${h.marker.epoch}`);
      if (details.length > 0)
        events.push({
          type: 'drift',
          record: record.key,
          provider: h.provider,
          detail: details.join('; '),
          at: now,
        });
    }
  }
  return events;
}

/**
 * Whether a once-a-minute plane (Lambda, Worker) checks drift on the tick starting at `now`: on the first
 * tick of every `everyMs` period, so drift costs no extra call and alerts at most once a period.
 */
export function driftDue(now: number, everyMs = 10 * 60_000, tickMs = 60_000): boolean {
  return now % everyMs < tickMs;
}
