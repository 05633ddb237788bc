/**
 * Translates the core's changes into one request to Cloudflare's batch endpoint, which runs deletes,
 * patches, puts and posts in one database transaction: all land or none.
 *
 * Compare-and-set. Cloudflare has no conditional write, so record ids are the version token: every
 * change addresses the record ids read this tick, and a marker is never patched in place but deleted
 * by id and posted anew, so each marker write gives it a new id. A writer that planned against an
 * older read sends a delete for an id that no longer exists, the API answers 81044 and the whole batch
 * is rolled back (ConflictError). Not covered: an edit of the marker's content that keeps its id (a
 * PATCH or PUT from outside twinplane). On the Worker the Durable Object serialises every tick and
 * manual action, so Cloudflare-plane writers never race each other; the ids guard against the other
 * planes.
 */
import { ConflictError } from '../../core/errors';
import { sameRecordSet } from '../../core/plan';
import type { Change, RecordSet } from '../../core/types';
import { AUTO_TTL, fieldsOf, type RecordData, type RecordEntry, setKey, type ZoneIndex } from './records';

const PROXIABLE = new Set(['A', 'AAAA', 'CNAME']);

/** The body fields of one record as the batch endpoint takes them. */
export interface RecordBody {
  type: string;
  name: string;
  /** Absent for SRV and CAA, which are written through `data`. */
  content?: string;
  priority?: number;
  data?: RecordData;
  ttl: number;
  proxied?: boolean;
  comment?: string;
}

export interface BatchBody {
  deletes: { id: string }[];
  patches: (Partial<RecordBody> & { id: string })[];
  posts: RecordBody[];
}

export const operationCount = (b: BatchBody) => b.deletes.length + b.patches.length + b.posts.length;

function settings(set: RecordSet): { ttl: number; proxied?: boolean } {
  if (!PROXIABLE.has(set.type)) return { ttl: set.ttl };
  const proxied = set.proxied ?? false;
  return { ttl: proxied ? AUTO_TTL : set.ttl, proxied };
}

function body(set: RecordSet, value: string, comment: string | undefined): RecordBody {
  return {
    type: set.type,
    name: set.name,
    ...fieldsOf(set.type, value),
    ...settings(set),
    ...(comment ? { comment } : {}),
  };
}

/** The entries of `prev` as read, or ConflictError when the zone no longer matches the plan's view. */
function entriesOf(index: ZoneIndex, prev: RecordSet): RecordEntry[] {
  const key = setKey(prev.name, prev.type);
  const held = index.sets.get(key);
  const entries = index.entries.get(key);
  if (!held || !entries || !sameRecordSet(held, prev)) {
    throw new ConflictError(
      `cloudflare ${key}`,
      'it no longer holds the value this change was planned against',
    );
  }
  return entries;
}

/** Rewrites a managed record set with as few operations as possible, reusing record ids. */
function updateRecord(out: BatchBody, entries: readonly RecordEntry[], next: RecordSet, comment?: string) {
  const wanted = settings(next);
  const pending = [...next.values];
  const leftover: RecordEntry[] = [];
  for (const entry of entries) {
    const at = pending.indexOf(entry.value);
    if (at < 0) {
      leftover.push(entry);
      continue;
    }
    pending.splice(at, 1);
    const proxied = wanted.proxied ?? false;
    if (entry.ttl !== wanted.ttl || (PROXIABLE.has(next.type) && entry.proxied !== proxied))
      out.patches.push({ id: entry.id, type: next.type, name: next.name, ...wanted });
  }
  leftover.forEach((entry, i) => {
    const value = pending[i];
    if (value === undefined) out.deletes.push({ id: entry.id });
    else out.patches.push({ id: entry.id, ...body(next, value, undefined) });
  });
  for (const value of pending.slice(leftover.length)) out.posts.push(body(next, value, comment));
}

/**
 * Whether `index` (a fresh listing) already holds every change as written: each created or updated set
 * as planned, each deleted set gone. Used after a batch whose answer was lost: it may have been applied.
 */
export function landed(changes: readonly Change[], index: ZoneIndex): boolean {
  for (const change of changes) {
    if (change.kind === 'delete') {
      if (index.sets.has(setKey(change.prev.name, change.prev.type))) return false;
      continue;
    }
    const held = index.sets.get(setKey(change.next.name, change.next.type));
    if (!held || !sameRecordSet(held, change.next)) return false;
  }
  return true;
}

/** One batch for all `changes`, addressed by the ids in `index` (the zone as last read). */
export function toBatch(changes: readonly Change[], index: ZoneIndex, comment?: string): BatchBody {
  const out: BatchBody = { deletes: [], patches: [], posts: [] };
  for (const change of changes) {
    if (change.kind === 'create') {
      for (const value of change.next.values) out.posts.push(body(change.next, value, comment));
    } else if (change.kind === 'delete') {
      for (const entry of entriesOf(index, change.prev)) out.deletes.push({ id: entry.id });
    } else if (change.role === 'marker') {
      for (const entry of entriesOf(index, change.prev)) out.deletes.push({ id: entry.id });
      for (const value of change.next.values) out.posts.push(body(change.next, value, comment));
    } else {
      updateRecord(out, entriesOf(index, change.prev), change.next, comment);
    }
  }
  return out;
}
