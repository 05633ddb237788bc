/**
 * The one decision for a record, for a scheduled tick and a manual action alike: first adopt what
 * another plane wrote that outranks this plane's state (adopt.ts), then act on that state, by the health
 * rules (decide.ts) or by the operator's request (control.ts). Pure; RequestError when a request cannot
 * be honoured.
 */
import { adoption, type FoundMarker } from './adopt';
import type { RecordSpec } from './config/model';
import { applyManualAction, type ManualAction } from './control';
import { type Decision, decide, initialState } from './decide';
import type { PoolHealth } from './health';
import type { PlaneId, RecordState } from './types';

const NO_MARKERS: readonly FoundMarker[] = Object.freeze([]);

export interface RecordInput {
  record: RecordSpec;
  /** Undefined before the first commit. */
  state: RecordState | undefined;
  /** Our markers as read from the record's providers this tick. */
  markers: readonly FoundMarker[];
  pools: Record<string, PoolHealth>;
  now: number;
  plane: PlaneId;
  /** Wins ties between different pools written at the same epoch. */
  leader: PlaneId;
  /** A manual action to take instead of the health rules. */
  request?: { action: ManualAction; by: string };
}

export function decideRecord(input: RecordInput): Decision {
  const { record, markers, plane, leader, now } = input;
  const stored = input.state ?? initialState(record, plane);
  const others = markersWhere(markers, (f) => f.marker.plane !== plane);
  const adopted =
    others.length > 0 ? adoption({ state: stored, markers: others, self: plane, leader, now }) : undefined;
  const state = adopted?.next ?? stored;
  const acted = act(input, state);
  // A marker of this plane ahead of its committed state is a write of its own not (yet) committed: a
  // racing tick or action, or one whose commit failed. When this decision makes the same transition it
  // stands (a racing tick records it once, as what it is). Otherwise another plane may already have
  // adopted that epoch: adopt it too, rather than write a lower epoch over it or reuse it for another
  // pool, and decide again from there.
  const own = markersWhere(markers, (f) => f.marker.plane === plane && f.marker.epoch > state.epoch);
  const t = acted.transition;
  let same = t !== undefined;
  for (let i = 0; same && i < own.length; i++)
    same = own[i]!.marker.epoch === t!.epoch && own[i]!.marker.pool === t!.to;
  if (own.length > 0 && !same) {
    const caught = adoption({ state, markers: own, self: plane, leader, now })!;
    return merge(merge(adopted, caught), act(input, caught.next));
  }
  return merge(adopted, acted);
}

/**
 * The markers `keep` accepts; the shared empty list when none (the steady case: every marker is this
 * plane's and in step), so a steady tick makes no array per record for them.
 */
function markersWhere(
  markers: readonly FoundMarker[],
  keep: (f: FoundMarker) => boolean,
): readonly FoundMarker[] {
  let out: FoundMarker[] | undefined;
  for (const f of markers) {
    if (!keep(f)) continue;
    if (out) out.push(f);
    else out = [f];
  }
  return out ?? NO_MARKERS;
}

function act(input: RecordInput, state: RecordState): Decision {
  const { record, pools, now, plane, request } = input;
  return request
    ? applyManualAction({ record, state, pools, action: request.action, now, plane, by: request.by })
    : decide({ record, state, pools, now, plane });
}

/** An adoption followed by a decision on the adopted state, as one decision. */
function merge(adopted: Decision | undefined, acted: Decision): Decision {
  if (!adopted) return acted;
  // A new transition on top of the adopted state is recorded on its own (its epoch follows the adopted
  // one); otherwise the adoption is the change.
  if (acted.transition) return { ...acted, changed: true };
  return {
    next: acted.next,
    changed: true,
    transition: adopted.transition!,
    events: [...adopted.events, ...acted.events],
  };
}
