/**
 * Runs due checks under a per-round deadline, so hanging targets cost one timeout, not N of them. The
 * in-flight limit adapts: the larger of the base concurrency and what every check needs to start before
 * the deadline if each probe hung until its timeout (the time the probes in flight may still take plus
 * the timeouts of those not started, over the time left), never above a hard maximum of open probes (the
 * tick's default 500 keeps the Node prober under Lambda's 1,024 file descriptors; the Worker keeps both
 * at its 6 open connections, since more would only queue with their timers running). Each probe gets its own AbortSignal; a probe that overruns is recorded as a
 * timeout even if the prober ignores the signal. Several rounds may run inside one tick, each feeding
 * the same streaks, so a once-a-minute plane can probe every 10 s. A check whose last probe points towards
 * a change of health is probed again after its short confirmInterval (fast confirmation), and an
 * optional hook runs after every round so a plane can exchange views with its peers inside the window.
 */
import type { CheckSpec } from './config/model';
import { TIMED_OUT, withDeadline } from './deadline';
import { errorMessage } from './errors';
import { updateView } from './health';
import { compareText } from './order';
import type { Clock, Prober } from './ports';
import type { CheckHealth, Observation, PlaneId, VantageView } from './types';

const runsOn = (check: CheckSpec, plane: PlaneId | undefined) => !plane || check.planes.includes(plane);

/**
 * How long after its last probe a check is due: the confirmInterval while a streak is building towards
 * a flip (a failure while not yet unhealthy, a pass while not yet healthy), else the interval.
 */
export function waitOf(check: CheckSpec, health: CheckHealth | undefined): number {
  const last = health?.last;
  if (!last) return check.intervalMs;
  const towardsFlip = last.ok ? health.status !== 'healthy' : health.status !== 'unhealthy';
  return towardsFlip ? check.confirmIntervalMs : check.intervalMs;
}
const slackOf = (wait: number) => Math.min(1_000, wait / 10);

/**
 * Checks this plane runs whose interval has elapsed since the vantage last probed them (with a little
 * slack), the longest waiting first so a round cut short by its deadline starves nobody.
 */
export function dueChecks(
  checks: Record<string, CheckSpec>,
  view: VantageView | undefined,
  now: number,
  plane?: PlaneId,
): CheckSpec[] {
  const last = (check: CheckSpec) => view?.checks[check.name]?.last?.at ?? Number.NEGATIVE_INFINITY;
  const dueAt = (check: CheckSpec) => {
    const wait = waitOf(check, view?.checks[check.name]);
    return last(check) + wait - slackOf(wait);
  };
  return Object.values(checks)
    .filter((check) => runsOn(check, plane) && now >= dueAt(check))
    .sort((a, b) => last(a) - last(b));
}

/** When the next of this plane's checks falls due by its interval; undefined when it runs none. */
export function nextDueAt(
  checks: Record<string, CheckSpec>,
  view: VantageView | undefined,
  plane?: PlaneId,
): number | undefined {
  let next: number | undefined;
  for (const check of Object.values(checks)) {
    if (!runsOn(check, plane)) continue;
    const health = view?.checks[check.name];
    const last = health?.last?.at;
    // Exact, not early by the slack: rounds inside a tick are timed by us, so they keep the interval.
    const at = last === undefined ? Number.NEGATIVE_INFINITY : last + waitOf(check, health);
    next = next === undefined ? at : Math.min(next, at);
  }
  return next;
}

export interface ProbeRunOptions {
  /** Probes in flight at once while the round has time to spare. */
  concurrency: number;
  /**
   * Hard maximum of probes open at once, up to which the limit grows when the checks left could not all
   * start before the deadline otherwise. Default: `concurrency` (a fixed limit).
   */
  maxOpen?: number;
  /** Absolute time (ms) by which every probe must have settled. */
  deadline: number;
}

export interface ProbeRun {
  /** Sorted by check name. */
  observations: Observation[];
  /** Checks not started before the deadline; they stay due. */
  skipped: string[];
}

async function probeOne(
  check: CheckSpec,
  prober: Prober,
  clock: Clock,
  deadline: number,
): Promise<Observation> {
  const started = clock.now();
  const budget = Math.max(0, Math.min(check.timeoutMs, deadline - started));
  try {
    const result = await withDeadline(clock, budget, (signal) => prober.probe(check, signal));
    if (result === TIMED_OUT) {
      return {
        check: check.name,
        ok: false,
        class: 'timeout',
        latencyMs: budget,
        reason: `no answer within ${budget} ms`,
        at: started,
      };
    }
    return { ...result, check: check.name, at: started };
  } catch (error) {
    return {
      check: check.name,
      ok: false,
      class: 'error',
      latencyMs: clock.now() - started,
      reason: `probe failed: ${errorMessage(error)}`,
      at: started,
    };
  }
}

/**
 * The in-flight limit at this moment: enough slots for every check to start before the deadline even if
 * each probe hangs until its timeout (`work`: the time the probes in flight may still take plus the
 * timeouts of the checks not yet started, over `timeLeft`), at least `base`, at most `cap`.
 */
export function probeLimit(base: number, cap: number, work: number, timeLeft: number): number {
  const needed = timeLeft > 0 ? Math.ceil(work / timeLeft) : cap;
  return Math.min(cap, Math.max(base, needed));
}

/**
 * One round: probes start in order while fewer than the limit (probeLimit, re-read at every start and
 * every settled probe) are in flight; none starts after the deadline.
 */
export function runProbes(
  checks: readonly CheckSpec[],
  prober: Prober,
  clock: Clock,
  options: ProbeRunOptions,
): Promise<ProbeRun> {
  const { deadline } = options;
  const observations: Observation[] = [];
  const skipped: string[] = [];
  const base = Math.max(1, options.concurrency);
  const cap = Math.max(base, options.maxOpen ?? base);
  const start = clock.now();
  const span = Math.max(0, deadline - start);
  const cost = (check: CheckSpec) => Math.min(check.timeoutMs, span);
  // The worst-case time still needed: the timeouts of the checks not started, and the ends (since the
  // start) of the probes in flight.
  let unstarted = checks.reduce((sum, check) => sum + cost(check), 0);
  let ends = 0;
  let next = 0;
  let open = 0;
  return new Promise((resolve) => {
    const fill = () => {
      while (next < checks.length) {
        const now = clock.now();
        if (now >= deadline) {
          for (; next < checks.length; next++) skipped.push(checks[next]!.name);
          break;
        }
        const work = unstarted + ends - open * (now - start);
        if (open >= probeLimit(base, cap, work, deadline - now)) break;
        const check = checks[next++]!;
        const end = Math.min(now - start + check.timeoutMs, span);
        unstarted -= cost(check);
        ends += end;
        open++;
        void probeOne(check, prober, clock, deadline).then((observation) => {
          observations.push(observation);
          ends -= end;
          open--;
          fill();
        });
      }
      if (open === 0 && next >= checks.length)
        resolve({
          observations: observations.sort((a, b) => compareText(a.check, b.check)),
          skipped: skipped.sort(),
        });
    };
    fill();
  });
}

export interface RoundOptions {
  plane: PlaneId;
  concurrency: number;
  /** Hard maximum of open probes (see ProbeRunOptions.maxOpen). */
  maxOpen?: number;
  /** Each round must settle within this long after it starts. */
  budgetMs: number;
  /** Further rounds may start until this long after the first one; 0 means a single round. */
  windowMs: number;
  /** Probe every check of this plane in the first round, due or not. */
  probeAll?: boolean;
  /** Runs after every round (and every wake without due checks); decides whether the rounds go on. */
  afterRound?: RoundHook;
}

export interface RoundEnd {
  /** The vantage view with every round so far folded in. */
  view: VantageView;
  /** Whether this round turned a check of the own view healthy or unhealthy. */
  flipped: boolean;
  /** Whether this wake probed anything (false: it woke only for the hook, e.g. to read a peer again). */
  probed: boolean;
}

export interface RoundVerdict {
  /** End the rounds now, so the tick can act on what it knows. */
  stop: boolean;
  /** Wake again by this time (ms) even when no check falls due before it. */
  wakeBy?: number;
}

/**
 * The exchange hook: publish the own view, read the peers' views, and say whether the verdict across
 * vantages changed (stop) or is waiting for a peer to confirm (wake soon). Without a hook the rounds
 * stop when the own view flips.
 */
export type RoundHook = (end: RoundEnd) => Promise<RoundVerdict>;

export interface Rounds {
  /** Every round's observations, in round order. */
  observations: Observation[];
  /** The vantage view with every round folded in. */
  view: VantageView;
  rounds: number;
  /** Checks the last round could not start before its deadline. */
  skipped: string[];
}

function flipped(before: VantageView | undefined, after: VantageView): boolean {
  return Object.entries(after.checks).some(
    ([name, health]) => health.status !== (before?.checks[name]?.status ?? 'unknown'),
  );
}

/**
 * Probes due checks in rounds: one now, then one whenever a check falls due again, while that is
 * within the window. Rounds stop early once a check turns healthy or unhealthy, so the tick can act on
 * it at once. Waiting goes through the Clock, so a virtual clock drives it in tests.
 */
export async function probeRounds(
  checks: Record<string, CheckSpec>,
  prev: VantageView | undefined,
  prober: Prober,
  clock: Clock,
  options: RoundOptions,
): Promise<Rounds> {
  const start = clock.now();
  const observations: Observation[] = [];
  let view = prev;
  let rounds = 0;
  let skipped: string[] = [];
  for (;;) {
    const now = clock.now();
    const due =
      rounds === 0 && options.probeAll
        ? Object.values(checks).filter((c) => runsOn(c, options.plane))
        : dueChecks(checks, view, now, options.plane);
    const run =
      due.length > 0
        ? await runProbes(due, prober, clock, {
            concurrency: options.concurrency,
            maxOpen: options.maxOpen,
            deadline: now + options.budgetMs,
          })
        : { observations: [], skipped: [] };
    const before = view;
    view = updateView(view, options.plane, run.observations, checks, clock.now());
    if (due.length > 0) {
      observations.push(...run.observations);
      skipped = run.skipped;
      rounds++;
      // Nothing could start before the deadline: another round now would fare no better.
      if (run.observations.length === 0) break;
    }
    const turned = flipped(before, view);
    const verdict = options.afterRound
      ? await options.afterRound({ view: view as VantageView, flipped: turned, probed: due.length > 0 })
      : { stop: turned };
    if (verdict.stop) break;
    const poll = verdict.wakeBy !== undefined && verdict.wakeBy > clock.now() ? verdict.wakeBy : undefined;
    const next = Math.min(
      nextDueAt(checks, view, options.plane) ?? Number.POSITIVE_INFINITY,
      poll ?? Number.POSITIVE_INFINITY,
    );
    const wake = Math.max(next, clock.now());
    if (wake > start + options.windowMs) break;
    await clock.sleep(wake - clock.now());
  }
  return { observations, view: view as VantageView, rounds, skipped };
}
