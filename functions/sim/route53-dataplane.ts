/**
 * Route 53's data plane, modelled from AWS's documented semantics, evaluating the health checks and
 * failover record sets twinplane creates (core/dataplane-plan.ts):
 * - every endpoint check is asked by independent checkers, each on its own phase of the request interval;
 *   a checker changes its status after failureThreshold consecutive results that disagree with it; a new
 *   check is considered healthy until there is enough data (so an inverted one starts with its checkers
 *   seeing failures);
 * - an endpoint check is healthy when more than 18% of its checkers report healthy (2xx/3xx in time);
 *   an inverted check reports the opposite;
 * - a CALCULATED check is healthy when at least healthThreshold of its children are;
 * - a failover set answers its PRIMARY when that is healthy, else its SECONDARY when healthy (an alias
 *   with evaluate-target-health is healthy when any set of its target is), else the PRIMARY (fail open).
 */
import type {
  CalculatedCheckConfig,
  DataPlaneDesired,
  DataPlaneHealthCheck,
  EndpointCheckConfig,
  FailoverSet,
} from '../core/dataplane-plan';

/** Share of checkers that must report healthy, strictly more than this, for an endpoint to be healthy. */
export const HEALTHY_SHARE = 0.18;
/** Checkers asking each endpoint (Route 53 runs checkers in several regions, several per region). */
export const DEFAULT_CHECKERS = 16;

/** What the checkers reach. `request` answers the HTTP status one checker got, or undefined (no answer in time). */
export interface CheckerNetwork {
  request(check: DataPlaneHealthCheck, checker: number, at: number): Promise<number | undefined>;
}

/** Worst time from a verdict change to the flip of its checks: failureThreshold results per checker. */
export function checkerDelayMs(config: Pick<EndpointCheckConfig, 'requestIntervalS' | 'failureThreshold'>) {
  return config.requestIntervalS * 1000 * config.failureThreshold;
}

interface CheckerState {
  healthy: boolean;
  streak: number;
  next: number;
}

export class Route53DataPlane {
  private readonly checkers = new Map<string, CheckerState[]>();
  private readonly byKey: Map<string, DataPlaneHealthCheck>;
  /** Requests the checkers sent, for the record. */
  requests = 0;
  /** Every change of the answer for the record's name: [time, values]. */
  readonly changes: [number, string][] = [];

  constructor(
    readonly desired: DataPlaneDesired,
    private readonly network: CheckerNetwork,
    startMs: number,
    readonly checkerCount = DEFAULT_CHECKERS,
  ) {
    this.byKey = new Map(desired.healthChecks.map((c) => [c.key, c]));
    this.changes.push([startMs, '']);
    for (const check of desired.healthChecks) {
      if (check.config.type === 'CALCULATED') continue;
      const interval = check.config.requestIntervalS * 1000;
      this.checkers.set(
        check.key,
        Array.from({ length: checkerCount }, (_, i) => ({
          healthy: !check.config.type.startsWith('CALC') && !(check.config as EndpointCheckConfig).inverted,
          streak: 0,
          next: startMs + Math.round(((i + 0.5) / checkerCount) * interval),
        })),
      );
    }
  }

  /** Runs every checker request due up to `t`, in time order. */
  async advance(t: number): Promise<void> {
    for (;;) {
      let due: { check: DataPlaneHealthCheck; state: CheckerState; index: number } | undefined;
      for (const [key, states] of this.checkers) {
        states.forEach((state, index) => {
          if (state.next <= t && (!due || state.next < due.state.next))
            due = { check: this.byKey.get(key)!, state, index };
        });
      }
      if (!due) return;
      const { check, state, index } = due;
      const config = check.config as EndpointCheckConfig;
      const status = await this.network.request(check, index, state.next);
      this.requests++;
      const ok = status !== undefined && status >= 200 && status < 400;
      if (ok === state.healthy) state.streak = 0;
      else if (++state.streak >= config.failureThreshold) {
        state.healthy = ok;
        state.streak = 0;
      }
      const at = state.next;
      state.next += config.requestIntervalS * 1000;
      const answer = this.answer().join(',');
      if (this.changes.at(-1)?.[1] !== answer) this.changes.push([at, answer]);
    }
  }

  /** Route 53's status of one health check by key. */
  healthy(key: string): boolean {
    const check = this.byKey.get(key);
    if (!check) throw new Error(`no health check ${key}`);
    if (check.config.type === 'CALCULATED') {
      const calc = check.config as CalculatedCheckConfig;
      return calc.children.filter((c) => this.healthy(c)).length >= calc.healthThreshold;
    }
    const states = this.checkers.get(key)!;
    const raw = states.filter((s) => s.healthy).length / states.length > HEALTHY_SHARE;
    return check.config.inverted ? !raw : raw;
  }

  private setHealthy(set: FailoverSet): boolean {
    if (set.healthCheck) return this.healthy(set.healthCheck);
    if (set.aliasTo) return this.group(set.aliasTo).some((s) => this.setHealthy(s));
    return true;
  }

  private group(name: string): FailoverSet[] {
    return this.desired.sets.filter((s) => s.name === name);
  }

  /** The values Route 53 answers for `name` (the record's own name by default). */
  answer(name = this.desired.sets[0]?.name ?? ''): string[] {
    const group = this.group(name);
    const primary = group.find((s) => s.failover === 'PRIMARY');
    const secondary = group.find((s) => s.failover === 'SECONDARY');
    if (!primary) return [];
    const chosen =
      this.setHealthy(primary) || !secondary ? primary : this.setHealthy(secondary) ? secondary : primary;
    return chosen.aliasTo ? this.answer(chosen.aliasTo) : (chosen.values ?? []);
  }
}
