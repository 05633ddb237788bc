/**
 * One pass over records, the same for a scheduled tick and a manual action: read every zone once, read
 * our markers from it, decide each record (adoption included) in one pure step, plan once, gate the
 * whole plan, then apply every record's changes (one apply per provider zone) and commit every
 * record's decision (one commitMany), in that order.
 */
import type { FoundMarker } from './adopt';
import { applyAll } from './apply';
import type { RecordSpec } from './config/model';
import type { ManualAction } from './control';
import type { Decision } from './decide';
import { unsafeReasons } from './gates';
import type { PoolHealth } from './health';
import type { Commit } from './ports';
import {
  asError,
  type CommitGate,
  commitOf,
  lookupProviders,
  type PlannedProvider,
  type ProviderLookup,
  planProviders,
  type ReconcileContext,
  type RecordReport,
  readZones,
  reportRecord,
  type ZoneReads,
} from './reconcile';
import { decideRecord } from './record-decision';
import type { Change, CoreEvent, RecordState, Versioned } from './types';

/** Our markers of `record` in the zones read, one per provider that holds a parseable one of our owner. */
export function markersOf(ctx: ReconcileContext, lookups: readonly ProviderLookup[]): FoundMarker[] {
  let n = 0;
  for (const l of lookups) if (l.found?.marker?.owner === ctx.config.owner) n++;
  // Sized up front: a pushed-to empty array reserves room for many more than a record's providers.
  const found = new Array<FoundMarker>(n);
  let i = 0;
  for (const { provider, found: set } of lookups) {
    const marker = set?.marker;
    if (marker && marker.owner === ctx.config.owner) found[i++] = { provider, marker };
  }
  return found;
}

export interface PassInput {
  records: readonly RecordSpec[];
  states: ReadonlyMap<string, Versioned<RecordState>>;
  pools: ReadonlyMap<string, Record<string, PoolHealth>>;
  now: number;
  /** A manual action on one record (by key); the other records of the pass follow the health rules. */
  request?: { record: string; action: ManualAction; by: string };
}

export interface RecordWork {
  record: RecordSpec;
  decision: Decision;
  /** The store version the decision was made on, for the commit's compare-and-set. */
  version: number;
  planned: PlannedProvider[];
}

export interface PassPlan {
  reads: ZoneReads;
  work: RecordWork[];
  changes: Change[];
  /** Why the plan as a whole is unsafe; empty when it may be applied. */
  refused: string[];
}

/** Reads, decides and plans every record of the pass. Writes nothing. */
export async function planPass(ctx: ReconcileContext, input: PassInput): Promise<PassPlan> {
  const reads = await readZones(ctx, input.records);
  const work = input.records.map((record): RecordWork => {
    const stored = input.states.get(record.key);
    const request = input.request?.record === record.key ? input.request : undefined;
    const lookups = lookupProviders(ctx, record, reads);
    const decision = decideRecord({
      record,
      state: stored?.value,
      markers: markersOf(ctx, lookups),
      pools: input.pools.get(record.key) ?? {},
      now: input.now,
      plane: ctx.plane,
      leader: ctx.config.planes.leader,
      request: request ? { action: request.action, by: request.by } : undefined,
    });
    const planned = planProviders(ctx, record, decision.next, reads, lookups);
    return { record, decision, version: stored?.version ?? 0, planned };
  });
  const changes: Change[] = [];
  for (const w of work)
    for (const p of w.planned) if (p.plan) for (const c of p.plan.changes) changes.push(c);
  const refused = unsafeReasons(changes, { maxChangesPerTick: ctx.config.safety.maxChangesPerTick });
  return { reads, work, changes, refused };
}

export interface PassOutcome {
  reports: RecordReport[];
  events: CoreEvent[];
  /** The states committed by this pass, by record key. */
  committed: Map<string, RecordState>;
}

/**
 * Applies every record's changes (one apply per provider zone, see apply.ts), then commits every
 * record's decision in one `commitMany`. Nothing is written unless `write`; `withheld` says why for the
 * report. Never throws for provider or store failures.
 */
export async function applyPass(
  ctx: ReconcileContext,
  plan: PassPlan,
  options: { write: boolean; withheld: string },
): Promise<PassOutcome> {
  const applied = await applyAll(ctx, plan.work, options.write);
  const { work } = plan;
  const gates = new Array<CommitGate>(work.length);
  const due: Commit[] = [];
  for (let i = 0; i < work.length; i++) {
    const w = work[i]!;
    const gate = commitOf(w.decision, w.version, applied[i]!, options);
    gates[i] = gate;
    if (gate.commit) due.push(gate.commit);
  }
  let results: (number | Error)[] = [];
  if (due.length > 0) {
    try {
      results = await ctx.store.commitMany(due);
    } catch (error) {
      results = due.map(() => asError(error));
    }
  }
  const reports = new Array<RecordReport>(work.length);
  const events: CoreEvent[] = [];
  const committed = new Map<string, RecordState>();
  let next = 0;
  for (let i = 0; i < work.length; i++) {
    const w = work[i]!;
    const gate = gates[i]!;
    const result = gate.commit ? results[next++] : undefined;
    const out = reportRecord(ctx, w.record, w.decision, applied[i]!, options, gate, result);
    reports[i] = out.report;
    for (const e of out.events) events.push(e);
    if (out.report.committed) committed.set(w.record.key, w.decision.next);
  }
  return { reports, events, committed };
}
