/**
 * Reconcile one record: plan its desired state on every provider, apply with authority, then commit
 * with a compare-and-set. pass.ts runs it for ticks and manual actions: every record applied, then
 * every record committed.
 *
 * Order matters. Providers are written first (Route 53 first: its marker update is a DELETE of the exact
 * old value + CREATE, so of two racing writers only one batch lands), then the state is committed with
 * the version CAS and the transition id written once. A tick whose every provider refused commits
 * nothing and the next tick retries; a tick where one provider applied and another failed commits, and
 * the next tick converges the other (desired state is planned against actual records every time).
 */

import { applyAll } from './apply';
import type { Config, RecordSpec, ZoneSpec } from './config/model';
import { zoneFor } from './config/zones';
import type { Decision } from './decide';
import { ConflictError, errorMessage, isRetryable } from './errors';
import { type FoundMarkerSet, findMarker } from './ownership';
import { planRecord, type RecordPlan } from './plan';
import type { Commit, DnsProvider, Logger, Metrics, StateStore } from './ports';
import {
  type Change,
  type CoreEvent,
  NO_EVENTS,
  type PlaneId,
  PROVIDERS,
  type ProviderName,
  type RecordSet,
  type RecordState,
} from './types';
import { type ZoneIndex, zoneIndex } from './zone-index';

/** What was read from each provider zone this tick, or why it could not be. */
export type ZoneReads = Map<string, RecordSet[] | Error>;

export function zoneKey(provider: ProviderName, zone: ZoneSpec): string {
  let keys = zoneKeys.get(zone);
  if (!keys) {
    keys = new Map();
    zoneKeys.set(zone, keys);
  }
  let key = keys.get(provider);
  if (key === undefined) {
    key = `${provider}:${zone.id}`;
    keys.set(provider, key);
  }
  return key;
}

// Built once per zone spec, not once per record and provider on every tick.
const zoneKeys = new WeakMap<ZoneSpec, Map<ProviderName, string>>();

export interface ProviderOutcome {
  provider: ProviderName;
  zone: string;
  changes: readonly Change[];
  applied: boolean;
  foreign?: string;
  error?: string;
}

export interface RecordReport {
  record: string;
  activePool: string;
  epoch: number;
  decision: 'stay' | 'transition' | 'hold' | 'adopt' | 'update';
  reason: string;
  providers: ProviderOutcome[];
  committed: boolean;
  pinned?: string;
  holding?: string;
}

export interface ReconcileContext {
  config: Config;
  plane: PlaneId;
  store: StateStore;
  providers: Partial<Record<ProviderName, DnsProvider>>;
  unavailable?: Partial<Record<ProviderName, Error>>;
  logger: Logger;
  metrics?: Metrics;
}

/** Reads every zone the given records live in, once per provider and zone. */
export async function readZones(ctx: ReconcileContext, records: readonly RecordSpec[]): Promise<ZoneReads> {
  const reads: ZoneReads = new Map();
  await Promise.all(
    zonesOf(ctx, records).map(async ({ provider: name, zone, key }) => {
      const provider = ctx.providers[name];
      if (!provider) return;
      try {
        reads.set(key, await provider.read(zone));
      } catch (error) {
        reads.set(key, error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  return reads;
}

interface ZonePlacement {
  provider: ProviderName;
  zone: ZoneSpec;
  key: string;
}

/** Each zone `records` live in, once per provider and zone: worked out once per config and record list. */
function zonesOf(ctx: ReconcileContext, records: readonly RecordSpec[]): readonly ZonePlacement[] {
  let known = zoneLists.get(records);
  if (known?.config !== ctx.config) {
    const byKey = new Map<string, ZonePlacement>();
    for (const record of records) {
      for (const { provider, zone, key } of placementsOf(ctx, record))
        if (zone && key && !byKey.has(key)) byKey.set(key, { provider, zone, key });
    }
    known = { config: ctx.config, list: [...byKey.values()] };
    zoneLists.set(records, known);
  }
  return known.list;
}
const zoneLists = new WeakMap<readonly RecordSpec[], { config: Config; list: readonly ZonePlacement[] }>();

export interface PlannedProvider {
  provider: ProviderName;
  zone?: ZoneSpec;
  plan?: RecordPlan;
  error?: string;
  /** With `error`: whether a later tick may succeed. A plane without the adapter or the zone may not. */
  retryable?: boolean;
}

/** One record on one of its providers, as read this tick: its zone, what the zone holds, its marker. */
export interface ProviderLookup {
  provider: ProviderName;
  zone?: ZoneSpec;
  actual?: RecordSet[] | ZoneIndex | Error;
  /** The marker set found in `actual` (findMarker), looked up once for deciding and planning. */
  found?: FoundMarkerSet;
}

interface Placement {
  provider: ProviderName;
  zone: ZoneSpec | undefined;
  key: string | undefined;
}

/** Where a record lives on each of its providers, in a fixed order: worked out once per config. */
function placementsOf(ctx: ReconcileContext, record: RecordSpec): readonly Placement[] {
  let byConfig = placements.get(record);
  if (byConfig?.config !== ctx.config) {
    const list: Placement[] = [];
    for (const provider of PROVIDERS) {
      if (!record.providers.includes(provider)) continue;
      const zones = ctx.config.providers[provider]?.zones;
      const zone = zones ? zoneFor(zones, record.name) : undefined;
      list.push({ provider, zone, key: zone ? zoneKey(provider, zone) : undefined });
    }
    byConfig = { config: ctx.config, list };
    placements.set(record, byConfig);
  }
  return byConfig.list;
}
const placements = new WeakMap<RecordSpec, { config: Config; list: readonly Placement[] }>();

/**
 * Looks `record` up on each of its providers in a fixed order (route53, cloudflare, local): the zone,
 * its read (indexed) and the marker in it, once per record and tick, for both deciding and planning.
 */
export function lookupProviders(
  ctx: ReconcileContext,
  record: RecordSpec,
  reads: ZoneReads,
): ProviderLookup[] {
  const placed = placementsOf(ctx, record);
  // Sized up front: a record has one to three providers, and a pushed-to empty array reserves more.
  const out = new Array<ProviderLookup>(placed.length);
  for (let i = 0; i < placed.length; i++) {
    const { provider, zone, key } = placed[i]!;
    const read = key === undefined ? undefined : reads.get(key);
    if (read === undefined || read instanceof Error) {
      out[i] = { provider, zone, actual: read };
      continue;
    }
    const actual = zoneIndex(read);
    out[i] = { provider, zone, actual, found: findMarker(record, actual) };
  }
  return out;
}

/** Plans `state` for `record` on each of its providers, in a fixed order (route53, cloudflare, local). */
export function planProviders(
  ctx: ReconcileContext,
  record: RecordSpec,
  state: RecordState,
  reads: ZoneReads,
  lookups: readonly ProviderLookup[] = lookupProviders(ctx, record, reads),
): PlannedProvider[] {
  const planned = new Array<PlannedProvider>(lookups.length);
  for (let i = 0; i < lookups.length; i++) {
    const { provider, zone, actual, found } = lookups[i]!;
    if (!ctx.providers[provider]) {
      const why = ctx.unavailable?.[provider];
      planned[i] = {
        provider,
        error: `no ${provider} adapter on the ${ctx.plane} plane${why ? `: ${why.message}` : ''}`,
        retryable: why ? isRetryable(why) : false,
      };
    } else if (!zone) {
      planned[i] = { provider, error: `no ${provider} zone holds ${record.name}`, retryable: false };
    } else if (actual === undefined) {
      planned[i] = { provider, zone, error: `${provider} zone ${zone.id} was not read`, retryable: true };
    } else if (actual instanceof Error) {
      planned[i] = {
        provider,
        zone,
        error: `reading ${provider} zone ${zone.id} failed: ${actual.message}`,
        retryable: isRetryable(actual),
      };
    } else {
      const plan = planRecord(record, state, provider, actual, ctx.config.owner, found ?? null);
      planned[i] = { provider, zone, plan };
    }
  }
  return planned;
}

export interface ApplyOptions {
  /** Write to providers and the store. False for dry runs and followers. */
  write: boolean;
  /** Why nothing is written, for the report. */
  withheld?: string;
}

/** What applying one record's plan did: per provider, and whether it stopped at a lost race. */
export interface Applied {
  outcomes: ProviderOutcome[];
  events: readonly CoreEvent[];
  /** Set when a provider's marker compare-and-set was lost: nothing more is written or committed. */
  conflict?: string;
}

/** Writes one record's planned changes to its providers, in order. Never throws for provider failures. */
export async function applyRecord(
  ctx: ReconcileContext,
  record: RecordSpec,
  planned: readonly PlannedProvider[],
  write: boolean,
): Promise<Applied> {
  return (await applyAll(ctx, [{ record, planned }], write))[0]!;
}

/** Whether a record's decision is committed after its apply, and with what. */
export interface CommitGate {
  readonly commit?: Commit;
  readonly allFailed: boolean;
}

// The gates of records with nothing to commit, shared (most records of a steady tick).
const NOTHING_TO_COMMIT: CommitGate = Object.freeze({ allFailed: false });
const ALL_FAILED: CommitGate = Object.freeze({ allFailed: true });

/**
 * The commit a record's decision needs after its apply, if any. A transition is committed once at
 * least one provider holds the new state (applied now, or already in sync); when every provider
 * refused, could not be read or is not ours, nothing moved (`allFailed`), so the state stays where it
 * was and the next tick decides again. A transition that supersedes this plane's own at the same epoch
 * (adopt.ts) moves the state without being recorded again: its id is already in the history.
 */
export function commitOf(
  decision: Decision,
  version: number,
  applied: Applied,
  options: ApplyOptions,
): CommitGate {
  let reached = 0;
  for (const o of applied.outcomes)
    if (!o.error && !o.foreign && (o.applied || o.changes.length === 0)) reached++;
  const allFailed =
    decision.transition !== undefined && options.write && applied.outcomes.length > 0 && reached === 0;
  if (!decision.changed || !options.write || applied.conflict || allFailed)
    return allFailed ? ALL_FAILED : NOTHING_TO_COMMIT;
  const recorded = decision.transition?.superseded === undefined ? decision.transition : undefined;
  return {
    commit: { next: decision.next, expectedVersion: version, ...(recorded ? { transition: recorded } : {}) },
    allFailed,
  };
}

/**
 * Reports one record after its apply and commit: `result` is the new version, why the commit failed,
 * or undefined when nothing was committed.
 */
export function reportRecord(
  ctx: ReconcileContext,
  record: RecordSpec,
  decision: Decision,
  applied: Applied,
  options: ApplyOptions,
  gate: { allFailed: boolean },
  result: number | Error | undefined,
): { report: RecordReport; events: readonly CoreEvent[] } {
  // The record's events: the shared empty list unless there is one (most records of a steady tick).
  let events: CoreEvent[] | undefined = applied.events.length > 0 ? [...applied.events] : undefined;
  let conflict = applied.conflict;
  let commitFailed: string | undefined;
  const committed = typeof result === 'number';
  const { allFailed } = gate;
  if (committed || (result === undefined && !decision.changed)) {
    if (decision.events.length > 0) events = [...(events ?? []), ...decision.events];
  } else if (result !== undefined) {
    const reason = errorMessage(result);
    events ??= [];
    if (result instanceof ConflictError) {
      conflict = reason;
      events.push({ type: 'conflict', record: record.key, reason });
    } else {
      commitFailed = reason;
      events.push({ type: 'commit-failed', record: record.key, reason, retryable: isRetryable(result) });
    }
    ctx.logger.warn('commit failed', { record: record.key, error: reason });
  }

  const state = decision.next;
  // Built whole, then the two optional fields set: a spread of `cond ? {...} : {}` allocates an object
  // per record per tick even when the field is absent.
  const report: RecordReport = {
    record: record.key,
    activePool: state.activePool,
    epoch: state.epoch,
    decision: decision.transition
      ? decision.transition.kind === 'adopt'
        ? 'adopt'
        : 'transition'
      : state.holding
        ? 'hold'
        : decision.changed
          ? 'update'
          : 'stay',
    reason: conflict
      ? `lost a race, nothing changed: ${conflict}`
      : allFailed
        ? 'no provider took the change (refused, unreadable or not ours); state not advanced, the next tick retries'
        : commitFailed
          ? `state commit failed, the next tick retries: ${commitFailed}`
          : !options.write && decision.changed
            ? `${decision.transition?.reason ?? state.reason} (not applied: ${options.withheld ?? 'dry run'})`
            : (decision.transition?.reason ?? state.holding?.reason ?? state.reason),
    providers: applied.outcomes,
    committed,
  };
  if (state.pin) report.pinned = state.pin.pool;
  if (state.holding) report.holding = state.holding.reason;
  return { report, events: events ?? NO_EVENTS };
}

/** Commits one record's decision after its changes were applied, and reports the record. Never throws for store failures. */
export async function commitRecord(
  ctx: ReconcileContext,
  record: RecordSpec,
  decision: Decision,
  version: number,
  applied: Applied,
  options: ApplyOptions,
): Promise<{ report: RecordReport; events: readonly CoreEvent[] }> {
  const gate = commitOf(decision, version, applied, options);
  let result: number | Error | undefined;
  if (gate.commit) {
    const c = gate.commit;
    result = await ctx.store.commit(c.next, c.expectedVersion, c.transition).catch(asError);
  }
  return reportRecord(ctx, record, decision, applied, options, gate, result);
}

export const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** Applies one record's plan and commits its decision (plan and status use it with `write: false`). */
export async function applyAndCommit(
  ctx: ReconcileContext,
  record: RecordSpec,
  decision: Decision,
  version: number,
  planned: readonly PlannedProvider[],
  options: ApplyOptions,
): Promise<{ report: RecordReport; events: readonly CoreEvent[] }> {
  const applied = await applyRecord(ctx, record, planned, options.write);
  return commitRecord(ctx, record, decision, version, applied, options);
}
