/**
 * A plan as Route 53 ChangeBatches. Record changes are UPSERTs (state-setting), creates are CREATEs, and a
 * marker update is a DELETE of its exact current value plus a CREATE of the new one: if another writer
 * changed the marker since it was read, Route 53 rejects the whole batch (a compare-and-set on Route 53).
 * Everything goes in one atomic batch unless the AWS limits force a split (see `splitBatches`).
 */
import type { Change as AwsChange } from '@aws-sdk/client-route-53';
import { ProviderError } from '../../core/errors';
import type { Change, RecordSet } from '../../core/types';
import { readOnlyReason, toAws } from './codec';

/** Per ChangeBatch: ResourceRecord elements and characters of all Value elements (UPSERT counts twice). */
export const LIMITS = { records: 1_000, chars: 32_000 } as const;

/** Changes that must land together; `guard` marks a marker compare-and-set. */
export interface ChangeGroup {
  changes: AwsChange[];
  guard: boolean;
}

const create = (set: RecordSet): AwsChange => ({ Action: 'CREATE', ResourceRecordSet: toAws(set) });
const del = (set: RecordSet): AwsChange => ({ Action: 'DELETE', ResourceRecordSet: toAws(set) });

export function toChangeGroups(changes: readonly Change[]): ChangeGroup[] {
  return changes.map((change) => {
    const prev = change.kind === 'create' ? undefined : change.prev;
    const refused = prev && readOnlyReason(prev);
    if (refused)
      throw new ProviderError('route53', `${refused}; twinplane never modifies it`, { retryable: false });
    const guard = change.role === 'marker';
    if (change.kind === 'create') return { guard, changes: [create(change.next)] };
    if (change.kind === 'delete') return { guard, changes: [del(change.prev)] };
    if (!guard) return { guard, changes: [{ Action: 'UPSERT', ResourceRecordSet: toAws(change.next) }] };
    return { guard, changes: [del(change.prev), create(change.next)] };
  });
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

const fits = (w: { records: number; chars: number }) =>
  w.records <= LIMITS.records && w.chars <= LIMITS.chars;

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
  if (fits(total)) return { batches: all.length > 0 ? [all] : [] };
  const ordered = [...groups.filter((g) => g.guard), ...groups.filter((g) => !g.guard)];
  const batches: AwsChange[][] = [];
  let current: AwsChange[] = [];
  for (const group of ordered) {
    if (!fits(weight(group.changes))) {
      const name = group.changes[0]?.ResourceRecordSet?.Name ?? '';
      throw new ProviderError('route53', `${name} is too large for one ChangeBatch (AWS limits)`, {
        retryable: false,
      });
    }
    if (current.length > 0 && !fits(weight([...current, ...group.changes]))) {
      batches.push(current);
      current = [];
    }
    current.push(...group.changes);
  }
  if (current.length > 0) batches.push(current);
  return {
    batches,
    split:
      `plan of ${total.records} records / ${total.chars} characters exceeds one ChangeBatch ` +
      `(${LIMITS.records} / ${LIMITS.chars}); split into ${batches.length} batches, markers first`,
  };
}
