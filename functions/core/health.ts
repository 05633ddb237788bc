/**
 * Health: per check and vantage streaks, the agreement rule across vantages, and pool health.
 * A vantage is a plane; its view travels in its beacon, so peers' views plug in without reshaping.
 */
import type { CheckSpec, Config, PoolSpec } from './config/model';
import type { CheckHealth, FailingCheck, HealthStatus, Observation, PlaneId, VantageView } from './types';

type Thresholds = Pick<CheckSpec, 'failureThreshold' | 'successThreshold'>;

/** Applies one observation to a check's streaks. */
export function updateCheckHealth(
  prev: CheckHealth | undefined,
  obs: Observation,
  spec: Thresholds,
): CheckHealth {
  const base: CheckHealth = prev ?? { status: 'unknown', failures: 0, successes: 0, since: obs.at };
  const { check: _check, ...last } = obs;
  if (obs.ok) {
    const successes = base.successes + 1;
    const flips = base.status !== 'healthy' && successes >= spec.successThreshold;
    return {
      status: flips ? 'healthy' : base.status,
      failures: 0,
      successes,
      since: flips ? obs.at : base.since,
      last,
    };
  }
  const failures = base.failures + 1;
  const flips = base.status !== 'unhealthy' && failures >= spec.failureThreshold;
  return {
    status: flips ? 'unhealthy' : base.status,
    failures,
    successes: 0,
    since: flips ? obs.at : base.since,
    last,
  };
}

const NETWORK_CLASSES = new Set(['connect', 'dns', 'timeout']);

/**
 * Folds a round of observations into a vantage's view. The view is marked isolated when the round
 * failed every check (two or more) at the network level: the vantage itself is probably cut off.
 */
export function updateView(
  prev: VantageView | undefined,
  vantage: PlaneId,
  observations: readonly Observation[],
  checks: Record<string, CheckSpec>,
  now: number,
): VantageView {
  const next: Record<string, CheckHealth> = {};
  for (const [name, health] of Object.entries(prev?.checks ?? {}))
    if (Object.hasOwn(checks, name)) next[name] = health;
  for (const obs of observations) {
    const spec = Object.hasOwn(checks, obs.check) ? checks[obs.check] : undefined;
    if (spec) next[obs.check] = updateCheckHealth(next[obs.check], obs, spec);
  }
  const isolated =
    observations.length >= 2 && observations.every((o) => !o.ok && NETWORK_CLASSES.has(o.class));
  const view: VantageView = { vantage, at: now, checks: next };
  if (observations.length === 0 && prev?.isolated) view.isolated = true;
  if (isolated) view.isolated = true;
  return view;
}

export interface AggregatedCheck {
  status: HealthStatus;
  /** For healthy: the latest time any agreeing vantage turned healthy. Otherwise when it turned bad. */
  since: number;
  failing: FailingCheck[];
  /** Vantages whose verdict differs from the aggregate. */
  dissent: PlaneId[];
}

export interface AgreementPolicy {
  own: PlaneId;
  now: number;
  maxAgeMs: number;
  rule: Config['planes']['agreement'];
}

/** The views that take part in agreement: the own one always, peers only while fresh. */
export function freshViews(
  own: VantageView,
  peers: readonly VantageView[],
  policy: AgreementPolicy,
): VantageView[] {
  return [own, ...peers.filter((v) => v.vantage !== policy.own && policy.now - v.at <= policy.maxAgeMs)];
}

/** Combines every fresh vantage's verdict on one check under the agreement rule. */
export function aggregateCheck(
  check: string,
  views: readonly VantageView[],
  policy: AgreementPolicy,
): AggregatedCheck {
  const anyClearVantage = views.some(
    (v) => !v.isolated && v.checks[check] && v.checks[check].status !== 'unknown',
  );
  const verdicts: { vantage: PlaneId; health: CheckHealth; status: HealthStatus }[] = [];
  for (const view of views) {
    const health = view.checks[check];
    if (!health) continue;
    // An isolated vantage's failures are not evidence while some other vantage can see clearly.
    const status =
      view.isolated && anyClearVantage && health.status === 'unhealthy' ? 'unknown' : health.status;
    verdicts.push({ vantage: view.vantage, health, status });
  }
  const definite = verdicts.filter((v) => v.status !== 'unknown');
  const down = definite.filter((v) => v.status === 'unhealthy');
  const up = definite.filter((v) => v.status === 'healthy');
  const failing = down.map((v) => ({
    check,
    vantage: v.vantage,
    reason: v.health.last?.reason ?? 'unhealthy',
  }));
  if (definite.length === 0) return { status: 'unknown', since: policy.now, failing: [], dissent: [] };
  const isDown =
    policy.rule === 'any'
      ? down.length >= 1
      : policy.rule === 'all'
        ? down.length === definite.length
        : down.length * 2 > definite.length;
  if (isDown) {
    return {
      status: 'unhealthy',
      since: Math.max(...down.map((v) => v.health.since)),
      failing,
      dissent: up.map((v) => v.vantage),
    };
  }
  if (up.length === 0) return { status: 'unknown', since: policy.now, failing, dissent: [] };
  return {
    status: 'healthy',
    since: Math.max(...up.map((v) => v.health.since)),
    failing,
    dissent: down.map((v) => v.vantage),
  };
}

export interface PoolHealth {
  status: HealthStatus;
  /** For a healthy pool, since when every one of its checks has been healthy. */
  since: number;
  failing: FailingCheck[];
  /** Vantages that disagreed with the verdict on any of the pool's checks. */
  dissent?: PlaneId[];
}

/** A pool is healthy when all its checks are, unhealthy when any is, unknown otherwise. */
export function poolHealth(pool: PoolSpec, checks: Record<string, AggregatedCheck>, now: number): PoolHealth {
  // One pass, no intermediate arrays: it runs for every pool of every record on every tick.
  let unhealthy = false;
  let allHealthy = true;
  let unhealthySince = Number.NEGATIVE_INFINITY;
  let healthySince = Number.NEGATIVE_INFINITY;
  let failing: FailingCheck[] | undefined;
  let dissent: Set<PlaneId> | undefined;
  for (const name of pool.checks) {
    const part = Object.hasOwn(checks, name) ? checks[name] : undefined;
    if (!part) {
      allHealthy = false;
      continue;
    }
    if (part.dissent.length > 0) {
      dissent ??= new Set();
      for (const d of part.dissent) dissent.add(d);
    }
    if (part.status === 'unhealthy') {
      unhealthy = true;
      unhealthySince = Math.max(unhealthySince, part.since);
      failing ??= [];
      failing.push(...part.failing);
    } else if (part.status === 'healthy') healthySince = Math.max(healthySince, part.since);
    else allHealthy = false;
  }
  if (unhealthy) {
    return {
      ...(dissent ? { dissent: [...dissent] } : {}),
      status: 'unhealthy',
      since: unhealthySince,
      failing: failing ?? [],
    };
  }
  if (allHealthy) return { status: 'healthy', since: healthySince, failing: [] };
  return { status: 'unknown', since: now, failing: [] };
}

/** Aggregates every configured check once per tick. */
export function aggregateAll(
  config: Config,
  own: VantageView,
  peers: readonly VantageView[],
  policy: AgreementPolicy,
): Record<string, AggregatedCheck> {
  const views = freshViews(own, peers, policy);
  const out: Record<string, AggregatedCheck> = {};
  for (const name of Object.keys(config.checks)) out[name] = aggregateCheck(name, views, policy);
  return out;
}
