/**
 * Plans a zone import: the records of a backup against what the target provider holds, as a change
 * list plus one entry per record set saying what happens to it and why. Creates by default; updates
 * only with `overwrite`; deletes only with `prune`, and then through the safety gates. Apex NS/SOA
 * are never touched, nor anything an ownership marker guards (the failover plane's or another owner's).
 */
import { unsafeReasons } from '../core/gates';
import { isWithin } from '../core/names';
import { parseMarker } from '../core/ownership';
import { orderChanges } from '../core/plan';
import type { Change, RecordSet } from '../core/types';
import { differences, isApexOwned } from './diff';
import { recordId, sortRecords, type Zone, type ZoneRecord } from './model';
import { fromRecordSet, toRecordSet } from './records';
import { fitRecord, type Target } from './support';

export type Outcome =
  | 'create'
  | 'update'
  | 'delete'
  | 'in-sync'
  | 'unsupported'
  | 'owned'
  | 'conflict'
  | 'kept';

export interface PlanEntry {
  id: string;
  outcome: Outcome;
  message?: string;
}

export interface ImportOptions {
  /** This installation's owner (config `owner`). */
  owner: string;
  overwrite?: boolean;
  prune?: boolean;
  maxChanges: number;
}

export interface ImportPlan {
  origin: string;
  entries: PlanEntry[];
  changes: Change[];
  /** Safety gate refusals; the plan must not be applied while any is set. */
  unsafe: string[];
}

const MARKER_PREFIX = '_twinplane-';

/** Owners of twinplane markers in the target: by marker name. */
function markerOwners(sets: readonly RecordSet[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const s of sets) {
    if (s.type !== 'TXT' || !s.name.startsWith(MARKER_PREFIX)) continue;
    const marker = s.values.map(parseMarker).find((m) => m !== undefined);
    if (marker) owners.set(s.name, marker.owner);
  }
  return owners;
}

/** Why a record set in the target is guarded by an ownership marker, if it is. */
function guard(r: Pick<ZoneRecord, 'name' | 'type'>, owners: Map<string, string>, owner: string) {
  const own = (who: string, what: string) =>
    who === owner
      ? `${what} twinplane's failover (owner "${owner}"); the plane writes it, not an import`
      : `${what} owner "${who}"; not touched`;
  const asMarker = r.type === 'TXT' ? owners.get(r.name) : undefined;
  if (asMarker) return own(asMarker, 'ownership marker of');
  const byMarker = owners.get(`${MARKER_PREFIX}${r.type.toLowerCase()}.${r.name}`);
  return byMarker ? own(byMarker, 'managed by') : undefined;
}

export function planImport(
  source: Zone,
  actual: readonly RecordSet[],
  target: Target,
  options: ImportOptions,
): ImportPlan {
  const origin = source.origin;
  const held = new Map(actual.map((s) => [recordId(fromRecordSet(s)), { raw: s, record: fromRecordSet(s) }]));
  const owners = markerOwners(actual);
  const entries: PlanEntry[] = [];
  const changes: Change[] = [];
  const seen = new Set<string>();
  const say = (id: string, outcome: Outcome, message?: string) =>
    entries.push({ id, outcome, ...(message ? { message } : {}) });

  for (const record of sortRecords(source.records)) {
    const id = recordId(record);
    seen.add(id);
    if (isApexOwned(record, origin)) {
      say(id, 'owned', 'the apex NS and SOA belong to the provider serving the zone; never imported');
      continue;
    }
    if (!isWithin(record.name, origin)) {
      say(id, 'conflict', `${record.name} is outside the zone ${origin}`);
      continue;
    }
    const fitted = fitRecord(record, target);
    if ('unsupported' in fitted) {
      say(id, 'unsupported', fitted.unsupported);
      continue;
    }
    const current = held.get(id);
    const guarded = guard(record, owners, options.owner);
    if (guarded && !(current && differences(fitted.record, current.record).length === 0)) {
      say(id, 'owned', guarded);
      continue;
    }
    const notes = fitted.notes.join('; ');
    const next = toRecordSet(fitted.record);
    if (!current) {
      const clash = actual.find(
        (s) =>
          s.name === record.name && s.type !== record.type && (s.type === 'CNAME' || record.type === 'CNAME'),
      );
      if (clash)
        say(
          id,
          'conflict',
          `a ${clash.type} record already exists at ${record.name}; a CNAME cannot sit beside other records`,
        );
      else {
        changes.push({ kind: 'create', role: 'record', record: id, next });
        say(id, 'create', notes);
      }
      continue;
    }
    const what = differences(current.record, fitted.record, { proxied: target.capabilities.proxied });
    if (what.length === 0) say(id, 'in-sync');
    else if (current.record.alias || current.record.setIdentifier)
      say(
        id,
        'conflict',
        `${what.join('; ')}; the target's set is an alias or routing-policy set, which import never changes`,
      );
    else if (!options.overwrite) say(id, 'conflict', `${what.join('; ')}; pass --overwrite to replace it`);
    else {
      changes.push({ kind: 'update', role: 'record', record: id, prev: current.raw, next });
      say(id, 'update', [what.join('; '), notes].filter(Boolean).join('; '));
    }
  }

  for (const { raw, record } of sortRecords([...held.values()].map((h) => h.record)).map(
    (r) => held.get(recordId(r))!,
  )) {
    const id = recordId(record);
    if (seen.has(id) || isApexOwned(record, origin)) continue;
    const guarded = guard(record, owners, options.owner);
    if (guarded) say(id, 'owned', guarded);
    else if (record.alias || record.setIdentifier)
      say(id, 'kept', 'not in the file; alias and routing-policy sets are never deleted by an import');
    else if (!options.prune) say(id, 'kept', 'not in the file (--prune deletes it)');
    else {
      changes.push({ kind: 'delete', role: 'record', record: id, prev: raw });
      say(id, 'delete', 'not in the file');
    }
  }

  const ordered = orderChanges(changes);
  const unsafe = unsafeReasons(ordered, {
    maxChangesPerTick: options.maxChanges,
    apexes: [origin],
    allowDeletes: options.prune ?? false,
    limitName: '--max-changes',
  });
  return { origin, entries, changes: ordered, unsafe };
}
