/**
 * A plan as Route 53 ChangeBatches. Record changes are UPSERTs (state-setting), creates are CREATEs, and a
 * marker update is a DELETE of its exact current value plus a CREATE of the new one: if another writer
 * changed the marker since it was read, Route 53 rejects the whole batch (a compare-and-set on Route 53).
 * A record's changes (its set and its marker) always travel in one batch; the records of a zone are
 * packed into as few batches as the AWS limits allow (see `packBatches`).
 */
import type { Change as AwsChange } from '@aws-sdk/client-route-53';
import { ProviderError } from '../../core/errors';
import type { Change, RecordSet } from '../../core/types';
import { readOnlyReason, toAws } from './codec';

/**
 * Per ChangeBatch, as the Route 53 API reference documents them: ResourceRecord elements and characters
 * of all Value elements (UPSERT counts both twice), and Change elements (an older limit, kept: a batch
 * within it is accepted either way).
 */
export const LIMITS = { changes: 100, records: 1_000, chars: 32_000 } as const;

/** Changes that must land together; `guard` marks a marker compare-and-set. */
export interface ChangeGroup {
  /** The core record the change belongs to (`Change.record`). */
  record: string;
  changes: AwsChange[];
  guard: boolean;
}

const create = (set: RecordSet): AwsChange => ({ Action: 'CREATE', ResourceRecordSet: toAws(set) });
const del = (set: RecordSet): AwsChange => ({ Action: 'DELETE', ResourceRecordSet: toAws(set) });

export function toChangeGroup(change: Change): ChangeGroup {
  const prev = change.kind === 'create' ? undefined : change.prev;
  const refused = prev && readOnlyReason(prev);
  if (refused)
    throw new ProviderError('route53', `${refused}; twinplane never modifies it`, { retryable: false });
  const guard = change.role === 'marker';
  const record = change.record;
  if (change.kind === 'create') return { record, guard, changes: [create(change.next)] };
  if (change.kind === 'delete') return { record, guard, changes: [del(change.prev)] };
  if (!guard)
    return { record, guard, changes: [{ Action: 'UPSERT', ResourceRecordSet: toAws(change.next) }] };
  return { record, guard, changes: [del(change.prev), create(change.next)] };
}

export function toChangeGroups(changes: readonly Change[]): ChangeGroup[] {
  return changes.map(toChangeGroup);
}

export function weight(changes: readonly AwsChange[]): { records: number; chars: number } {
  let records = 0;
  let chars = 0;
  for (const c of changes) {
    const factor = c.Action === 'UPSERT' ? 2 : 1;
    const values = c.ResourceRecordSet?.ResourceRecords ?? [];
    records += factor * Math.max(values.length, 1);
    chars += factor * values.reduce((n, r) => n + (r.Value?.length ?? 0), 0);
  }
  return { records, chars };
}

const fits = (changes: readonly AwsChange[]) => {
  const w = weight(changes);
  return changes.length <= LIMITS.changes && w.records <= LIMITS.records && w.chars <= LIMITS.chars;
};

export interface Batches {
  batches: AwsChange[][];
  /** Set when the plan did not fit one ChangeBatch, saying why and how it was split. */
  split?: string;
}

/**
 * One batch when the plan fits. Otherwise the marker compare-and-sets go first (so a lost race still
 * writes nothing), then the record changes packed greedily; a single group over the limits is refused.
 */
export function splitBatches(groups: readonly ChangeGroup[]): Batches {
  const all = groups.flatMap((g) => g.changes);
  const total = weight(all);
  if (fits(all)) return { batches: all.length > 0 ? [all] : [] };
  const ordered = [...groups.filter((g) => g.guard), ...groups.filter((g) => !g.guard)];
  const batches: AwsChange[][] = [];
  let current: AwsChange[] = [];
  for (const group of ordered) {
    if (!fits(group.changes)) {
      const name = group.changes[0]?.ResourceRecordSet?.Name ?? '';
      throw new ProviderError('route53', `${name} is too large for one ChangeBatch (AWS limits)`, {
        retryable: false,
      });
    }
    if (current.length > 0 && !fits([...current, ...group.changes])) {
      batches.push(current);
      current = [];
    }
    current.push(...group.changes);
  }
  if (current.length > 0) batches.push(current);
  return {
    batches,
    split:
      `plan of ${all.length} changes / ${total.records} records / ${total.chars} characters exceeds one ` +
      `ChangeBatch (${LIMITS.changes} / ${LIMITS.records} / ${LIMITS.chars}); split into ${batches.length} batches, markers first`,
  };
}

/** One record's changes, which land together. */
export interface Part {
  record: string;
  changes: AwsChange[];
}

/** One ChangeBatch: the records whose changes it carries. */
export interface Batch {
  parts: Part[];
}

export const changesOf = (batch: Batch) => batch.parts.flatMap((p) => p.changes);

export interface Packed {
  batches: Batch[];
  /** Records whose changes fit no ChangeBatch even alone, with why. */
  refused: Map<string, ProviderError>;
  /** Records too large to share a batch, split across batches of their own (see splitBatches). */
  split: string[];
}

/**
 * Packs the changes of many records into as few ChangeBatches as the limits allow, each record's
 * changes kept together in one batch (in their planned order), the records in the order they come.
 */
export function packBatches(groups: readonly ChangeGroup[]): Packed {
  const byRecord = new Map<string, ChangeGroup[]>();
  for (const g of groups) {
    const list = byRecord.get(g.record);
    if (list) list.push(g);
    else byRecord.set(g.record, [g]);
  }
  const packed: Packed = { batches: [], refused: new Map(), split: [] };
  let current: Batch = { parts: [] };
  let load = { changes: 0, records: 0, chars: 0 };
  for (const [record, list] of byRecord) {
    const changes = list.flatMap((g) => g.changes);
    if (!fits(changes)) {
      try {
        const own = splitBatches(list);
        packed.batches.push(...own.batches.map((b) => ({ parts: [{ record, changes: b }] })));
        packed.split.push(record);
      } catch (error) {
        packed.refused.set(record, error as ProviderError);
      }
      continue;
    }
    const w = weight(changes);
    const next = {
      changes: load.changes + changes.length,
      records: load.records + w.records,
      chars: load.chars + w.chars,
    };
    if (
      current.parts.length > 0 &&
      (next.changes > LIMITS.changes || next.records > LIMITS.records || next.chars > LIMITS.chars)
    ) {
      packed.batches.push(current);
      current = { parts: [] };
      load = { changes: changes.length, records: w.records, chars: w.chars };
    } else load = next;
    current.parts.push({ record, changes });
  }
  if (current.parts.length > 0) packed.batches.push(current);
  return packed;
}
