/**
 * Manual actions, status and plan for any plane. A manual action runs the same pass as a tick (pass.ts:
 * markers, adoption, one decision, one plan, gate, apply, commit) on the health this plane last saw,
 * without probing. It applies on the plane it was sent to, leader or not: the operator chose it, and the
 * other planes adopt its higher epoch from the provider markers.
 */
import { initialState } from './decide';
import { type PlaneDeps, type TickOptions, underLock } from './deps';
import { UnsafePlanError } from './errors';
import { evaluateHealth, loadPlane, reloadUnderLock } from './evaluate';
import { isDryRun, unsafeReasons } from './gates';
import type { AggregatedCheck } from './health';
import { updateView } from './health';
import { applyPass, planPass } from './pass';
import { silentLogger } from './ports';
import {
  applyAndCommit,
  planProviders,
  type ReconcileContext,
  type RecordReport,
  readZones,
} from './reconcile';
import type { ControlRequest } from './request';
import type { Beacon, CoreEvent, Transition } from './types';

/** States, beacons and health as this plane last saw them (its own view, not probed again). */
async function evaluate(deps: PlaneDeps, options: TickOptions) {
  const warnings: string[] = [];
  const { states, own, peers } = await loadPlane(deps, options, warnings);
  const now = deps.clock.now();
  const view = own?.view ?? updateView(undefined, deps.plane, [], deps.config.checks, now);
  const { health, pools } = evaluateHealth(deps.config, deps.plane, view, peers, now);
  return { states, own, peers, now, view, health, pools, warnings };
}

const context = (deps: PlaneDeps): ReconcileContext => ({
  config: deps.config,
  plane: deps.plane,
  store: deps.store,
  providers: deps.providers,
  ...(deps.unavailable ? { unavailable: deps.unavailable } : {}),
  logger: deps.logger ?? silentLogger,
  ...(deps.metrics ? { metrics: deps.metrics } : {}),
});

export interface StatusReport {
  plane: string;
  at: number;
  records: {
    record: string;
    activePool: string;
    epoch: number;
    since: number;
    reason: string;
    pin?: unknown;
    holding?: unknown;
    lastTransition?: Transition;
  }[];
  health: Record<string, AggregatedCheck>;
  /** What each vantage sees of each check: its own view first, then the peers it could read. */
  vantages: { plane: string; at: number; checks: Record<string, { status: string; reason?: string }> }[];
  beacons: { plane: string; at: number; ageMs: number }[];
  warnings: string[];
}

export async function status(deps: PlaneDeps, options: TickOptions = {}): Promise<StatusReport> {
  const e = await evaluate(deps, options);
  const history = await deps.store.history({ limit: 200 });
  const beacons = [e.own, ...e.peers].filter((b): b is Beacon => b !== undefined);
  return {
    plane: deps.plane,
    at: e.now,
    records: deps.config.records.map((r) => {
      const s = e.states.get(r.key)?.value ?? initialState(r, deps.plane);
      const last = history.find((t) => t.record === r.key);
      return {
        record: r.key,
        activePool: s.activePool,
        epoch: s.epoch,
        since: s.since,
        reason: s.reason,
        ...(s.pin ? { pin: s.pin } : {}),
        ...(s.holding ? { holding: s.holding } : {}),
        ...(last ? { lastTransition: last } : {}),
      };
    }),
    health: e.health,
    vantages: [e.view, ...e.peers.map((b) => b.view)].map((v) => ({
      plane: v.vantage,
      at: v.at,
      checks: Object.fromEntries(
        Object.entries(v.checks).map(([name, c]) => [
          name,
          { status: c.status, ...(c.last ? { reason: c.last.reason } : {}) },
        ]),
      ),
    })),
    beacons: beacons.map((b) => ({ plane: b.plane, at: b.at, ageMs: e.now - b.at })),
    warnings: e.warnings,
  };
}

/** A dry-run diff of every record's committed state against what the providers hold. */
export async function planAll(deps: PlaneDeps): Promise<{ records: RecordReport[]; refused: string[] }> {
  const ctx = context(deps);
  const states = await deps.store.loadRecords();
  const reads = await readZones(ctx, deps.config.records);
  const records: RecordReport[] = [];
  for (const record of deps.config.records) {
    const stored = states.get(record.key);
    const state = stored?.value ?? initialState(record, deps.plane);
    const planned = planProviders(ctx, record, state, reads);
    const decision = { next: state, events: [], changed: false };
    records.push(
      (
        await applyAndCommit(ctx, record, decision, stored?.version ?? 0, planned, {
          write: false,
          withheld: 'dry run',
        })
      ).report,
    );
  }
  const changes = records.flatMap((r) => r.providers.flatMap((p) => p.changes));
  return {
    records,
    refused: unsafeReasons(changes, { maxChangesPerTick: deps.config.safety.maxChangesPerTick }),
  };
}

export interface ManualReport {
  record: RecordReport;
  events: CoreEvent[];
  dryRun: boolean;
}

/**
 * Why a manual action that meant to change something was not committed (a lost race, no provider took
 * it, the commit failed), or undefined when it was committed, had nothing to do, or was a dry run. Every
 * plane answers such an action as a failure with this message: the Worker HTTP 502, the CLI exit 1,
 * the control Lambda `{ok: false, error: {type: 'NotAppliedError'}}`.
 */
export function notApplied(report: ManualReport): string | undefined {
  const r = report.record;
  if (report.dryRun || r.decision === 'stay' || r.committed) return undefined;
  return `the change was not applied: ${r.reason}`;
}

/** Runs a validated manual action. Throws RequestError (nothing written) when it cannot be honoured. */
export async function runManual(
  deps: PlaneDeps,
  request: Extract<ControlRequest, { action: 'manual' }>,
  by: string,
  options: TickOptions = {},
): Promise<ManualReport> {
  const e = await evaluate(deps, options);
  const dryRun = isDryRun(deps.config, request.dryRun);
  const record = deps.config.records.find((r) => r.key === request.manual.record)!;
  const ctx = context(deps);
  const { reports, events } = await underLock(deps, async () => {
    await reloadUnderLock(deps, e.states);
    const plan = await planPass(ctx, {
      records: [record],
      states: e.states,
      pools: e.pools,
      now: e.now,
      request: { record: record.key, action: request.manual, by },
    });
    if (plan.refused.length > 0) throw new UnsafePlanError(plan.refused);
    return applyPass(ctx, plan, { write: !dryRun, withheld: 'dry run' });
  });
  for (const event of events)
    if (event.type === 'transition')
      deps.metrics?.count('transitions_total', 1, {
        record: event.transition.record,
        kind: event.transition.kind,
      });
  if (deps.notifier && events.length > 0 && !dryRun) await deps.notifier.notify(events);
  return { record: reports[0]!, events, dryRun };
}
