/**
 * One pass over records, the same for a scheduled tick and a manual action: read every zone once, read
 * our markers from it, decide each record (adoption included) in one pure step, plan once, gate the
 * whole plan, then apply every record's changes and commit every record's decision, in that order.
 */
import type { FoundMarker } from './adopt';
import type { RecordSpec } from './config/model';
import { zoneFor } from './config/zones';
import type { ManualAction } from './control';
import type { Decision } from './decide';
import { unsafeReasons } from './gates';
import type { PoolHealth } from './health';
import { findMarker } from './ownership';
import {
  applyRecord,
  commitRecord,
  type PlannedProvider,
  planProviders,
  type ReconcileContext,
  type RecordReport,
  readZones,
  type ZoneReads,
  zoneKey,
} from './reconcile';
import { decideRecord } from './record-decision';
import type { Change, CoreEvent, RecordState, Versioned } from './types';

/** Our markers of `record` in the zones read, one per provider that holds a parseable one of our owner. */
export function markersOf(ctx: ReconcileContext, record: RecordSpec, reads: ZoneReads): FoundMarker[] {
  const found: FoundMarker[] = [];
  for (const provider of record.providers) {
    const zone = zoneFor(ctx.config.providers[provider]?.zones ?? [], record.name);
    const actual = zone ? reads.get(zoneKey(provider, zone)) : undefined;
    if (!actual || actual instanceof Error) continue;
    const marker = findMarker(record, actual)?.marker;
    if (marker && marker.owner === ctx.config.owner) found.push({ provider, marker });
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
    const decision = decideRecord({
      record,
      state: stored?.value,
      markers: markersOf(ctx, record, reads),
      pools: input.pools.get(record.key) ?? {},
      now: input.now,
      plane: ctx.plane,
      leader: ctx.config.planes.leader,
      ...(request ? { request: { action: request.action, by: request.by } } : {}),
    });
    const planned = planProviders(ctx, record, decision.next, reads);
    return { record, decision, version: stored?.version ?? 0, planned };
  });
  const changes = work.flatMap((w) => w.planned.flatMap((p) => p.plan?.changes ?? []));
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
 * Applies every record's changes, then commits every record's decision. Nothing is written unless
 * `write`; `withheld` says why for the report. Never throws for provider or store failures.
 */
export async function applyPass(
  ctx: ReconcileContext,
  plan: PassPlan,
  options: { write: boolean; withheld: string },
): Promise<PassOutcome> {
  const applied = [];
  for (const w of plan.work) applied.push(await applyRecord(ctx, w.record, w.planned, options.write));
  const reports: RecordReport[] = [];
  const events: CoreEvent[] = [];
  const committed = new Map<string, RecordState>();
  for (const [i, w] of plan.work.entries()) {
    const result = await commitRecord(ctx, w.record, w.decision, w.version, applied[i]!, options);
    reports.push(result.report);
    events.push(...result.events);
    if (result.report.committed) committed.set(w.record.key, w.decision.next);
  }
  return { reports, events, committed };
}
