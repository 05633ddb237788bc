/**
 * Which records lost their compare-and-set, told from a fresh read of the zone rather than from the
 * wording of Route 53's refusal. Route 53 answers every refused ChangeBatch with the one error code
 * InvalidChangeBatch, whether another writer changed a marker since it was read, created a set first,
 * or a value is malformed; the zone as it is now tells them apart: a guarded change whose expectation
 * no longer holds lost a race, and any other refusal is about the batch's content.
 */
import { sameRecordSet } from '../../core/plan';
import type { Change, RecordSet } from '../../core/types';

const keyOf = (set: Pick<RecordSet, 'name' | 'type'>) => `${set.name}\u0000${set.type}`;

/**
 * The expectation a change carries to Route 53: a CREATE that the set does not exist, a DELETE (and the
 * DELETE half of a marker update) that the set holds exactly `prev`. A plain UPSERT expects nothing.
 */
function expectation(change: Change): { set: RecordSet; absent: boolean } | undefined {
  if (change.kind === 'create') return { set: change.next, absent: true };
  if (change.kind === 'delete' || change.role === 'marker') return { set: change.prev, absent: false };
  return undefined;
}

/** Per record whose expectation failed, the name of the set another writer changed first. */
export function lostRaces(changes: readonly Change[], actual: readonly RecordSet[]): Map<string, string> {
  const now = new Map(actual.map((set) => [keyOf(set), set]));
  const lost = new Map<string, string>();
  for (const change of changes) {
    if (lost.has(change.record)) continue;
    const expected = expectation(change);
    if (!expected) continue;
    const held = now.get(keyOf(expected.set));
    const holds = expected.absent
      ? held === undefined
      : held !== undefined && sameRecordSet(held, expected.set);
    if (!holds) lost.set(change.record, expected.set.name);
  }
  return lost;
}
