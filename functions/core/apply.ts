/**
 * Writes the planned changes of many records: provider by provider in a fixed order (route53 first),
 * one apply per zone carrying every record's changes, so a mass failover costs a provider as many calls
 * as its batch limit asks for, not one per record. The adapter packs the records into batches, each
 * record whole; a record it reports failed is failed alone. A record that lost a race on one provider
 * is not written to the later ones.
 */
import type { RecordSpec, ZoneSpec } from './config/model';
import { ConflictError, errorMessage, isRetryable } from './errors';
import type { Applied, PlannedProvider, ProviderOutcome, ReconcileContext } from './reconcile';
import { type Change, type CoreEvent, NO_CHANGES, NO_EVENTS, PROVIDERS } from './types';

export interface ApplyWork {
  record: RecordSpec;
  planned: readonly PlannedProvider[];
}

interface Progress {
  outcomes: ProviderOutcome[];
  events: readonly CoreEvent[];
  conflict?: string;
}

/** One zone's apply: the records (by index into the work) whose changes it carries. */
interface ZoneCall {
  zone: ZoneSpec;
  records: { index: number; outcome: ProviderOutcome }[];
}

/** Adds one event to a record's progress; most records have none, and share the empty list. */
function note(at: Progress, event: CoreEvent): void {
  at.events = at.events.length === 0 ? [event] : [...at.events, event];
}

/** Applies every record's planned changes; the result is in the order of `work`. Never throws for provider failures. */
export async function applyAll(
  ctx: ReconcileContext,
  work: readonly ApplyWork[],
  write: boolean,
): Promise<Applied[]> {
  const progress: Progress[] = new Array(work.length);
  for (let index = 0; index < work.length; index++) {
    // Sized to the record's providers: filled in provider order below, as `planned` is.
    progress[index] = { outcomes: new Array(work[index]!.planned.length), events: NO_EVENTS };
  }
  const filled = new Array<number>(work.length).fill(0);
  for (const provider of PROVIDERS) {
    const calls = new Map<string, ZoneCall>();
    // A record already in sync on this provider reports the same outcome as every other in its zone:
    // one frozen object per zone, not one per record (records of a zone come one after another).
    let synced: { zone: ZoneSpec; outcome: ProviderOutcome } | undefined;
    for (let index = 0; index < work.length; index++) {
      const w = work[index]!;
      const p = plannedOn(w.planned, provider);
      if (!p) continue;
      const at = progress[index]!;
      if (p.zone && p.plan && !p.error && !p.plan.foreign && p.plan.changes.length === 0) {
        if (synced?.zone !== p.zone) synced = { zone: p.zone, outcome: inSync(provider, p.zone) };
        at.outcomes[filled[index]!++] = synced.outcome;
        continue;
      }
      const outcome: ProviderOutcome = {
        provider,
        zone: p.zone?.id ?? '',
        changes: p.plan?.changes ?? NO_CHANGES,
        applied: false,
      };
      at.outcomes[filled[index]!++] = outcome;
      if (p.error) {
        outcome.error = p.error;
        note(at, {
          type: 'apply-failed',
          record: w.record.key,
          provider,
          reason: p.error,
          retryable: p.retryable ?? true,
        });
      } else if (p.plan?.foreign) {
        outcome.foreign = p.plan.foreign;
        note(at, { type: 'foreign', record: w.record.key, provider, reason: p.plan.foreign });
      } else if (outcome.changes.length > 0 && write && !at.conflict) {
        const call = calls.get(p.zone!.id) ?? { zone: p.zone!, records: [] };
        call.records.push({ index, outcome });
        calls.set(p.zone!.id, call);
      }
    }
    for (const call of calls.values()) await applyZone(ctx, provider, call, work, progress);
  }
  // A planned list that named a provider twice, or none of ours, leaves fewer outcomes than entries.
  for (let index = 0; index < work.length; index++) progress[index]!.outcomes.length = filled[index]!;
  // Each record's progress is its result: `conflict` is only ever set to a reason.
  return progress;
}

/** The outcome of a record already in sync in `zone`: nothing to change, nothing applied. Frozen, shared. */
function inSync(provider: ProviderOutcome['provider'], zone: ZoneSpec): ProviderOutcome {
  return Object.freeze({ provider, zone: zone.id, changes: NO_CHANGES, applied: false });
}

function plannedOn(planned: readonly PlannedProvider[], provider: string): PlannedProvider | undefined {
  for (const p of planned) if (p.provider === provider) return p;
  return undefined;
}

async function applyZone(
  ctx: ReconcileContext,
  provider: ProviderOutcome['provider'],
  call: ZoneCall,
  work: readonly ApplyWork[],
  progress: Progress[],
): Promise<void> {
  const changes: Change[] = call.records.flatMap((r) => r.outcome.changes);
  let failed: ReadonlyMap<string, unknown>;
  try {
    failed = (await ctx.providers[provider]!.apply(call.zone, changes))?.failed ?? new Map();
  } catch (error) {
    failed = new Map(call.records.map((r) => [work[r.index]!.record.key, error]));
  }
  const first = failed.values().next();
  ctx.metrics?.count('provider_writes_total', 1, {
    provider,
    outcome: first.done
      ? 'ok'
      : failed.size < call.records.length
        ? 'partial'
        : first.value instanceof ConflictError
          ? 'conflict'
          : isRetryable(first.value)
            ? 'retryable'
            : 'refused',
  });
  for (const { index, outcome } of call.records) {
    const key = work[index]!.record.key;
    const at = progress[index]!;
    if (!failed.has(key)) {
      outcome.applied = true;
      continue;
    }
    const error = failed.get(key);
    const reason = errorMessage(error);
    outcome.error = reason;
    if (error instanceof ConflictError) {
      at.conflict = reason;
      note(at, { type: 'conflict', record: key, reason });
    } else {
      note(at, {
        type: 'apply-failed',
        record: key,
        provider,
        reason,
        retryable: isRetryable(error),
      });
    }
    ctx.logger.warn('apply failed', { record: key, provider, error: reason });
  }
}
