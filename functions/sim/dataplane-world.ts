/**
 * The simulated world of Route 53 data-plane mode: the health checks and failover sets twinplane would
 * create for the record, asked by modelled checkers, answered by each plane's real verdict code from its
 * own store. Faults: a plane's verdict endpoint down, or unreachable from a share of the checkers.
 */
import type { Config } from '../core/config/model';
import { desiredDataPlane } from '../core/dataplane-plan';
import type { PlaneId } from '../core/types';
import { answerVerdict } from '../core/verdict';
import type { SimPlane } from './planes';
import { checkerDelayMs, Route53DataPlane } from './route53-dataplane';

export const SIM_VERDICT_SECRET = 'sim-verdict-secret-0123456789abcdefghij';

export interface VerdictFaults {
  /** Planes whose verdict endpoint answers no checker. */
  down: Set<PlaneId>;
  /** Share of the checkers (0..1) that get no answer from any verdict endpoint. */
  unreachableShare: number;
}

export function simDataPlane(config: Config, planes: Map<PlaneId, SimPlane>, startMs: number) {
  const record = config.records.find((r) => r.dataplane)!;
  const faults: VerdictFaults = { down: new Set(), unreachableShare: 0 };
  const desired = desiredDataPlane(config, record, SIM_VERDICT_SECRET);
  // The answer only changes with the plane's committed state, so it is computed once per state.
  const answers = new Map<string, number>();
  const model = new Route53DataPlane(
    desired,
    {
      async request(check, checker, _at) {
        const plane = check.plane ? planes.get(check.plane) : undefined;
        if (!plane?.alive || faults.down.has(plane.options.id)) return undefined;
        if (checker < Math.round(faults.unreachableShare * model.checkerCount)) return undefined;
        const path = (check.config as { resourcePath: string }).resourcePath;
        const state = (await plane.store.loadRecords()).get(record.key)?.value;
        const key = `${plane.options.id}|${path}|${JSON.stringify(state ?? null)}`;
        let status = answers.get(key);
        if (status === undefined) {
          const source = { config, secret: SIM_VERDICT_SECRET, loadState: async () => state };
          status = (await answerVerdict(source, path)).status;
          answers.set(key, status);
        }
        return status;
      },
    },
    startMs,
  );
  return { model, faults, record };
}

/**
 * The data-plane checks of a finished run: no Route 53 API call at all (the sets and checks were made
 * at setup, before the run), and Route 53's answer following each committed pool change within the
 * checkers' time (failureThreshold results, requestInterval apart).
 */
export function dataPlaneChecks(
  dp: ReturnType<typeof simDataPlane>,
  planes: Map<PlaneId, SimPlane>,
  route53Calls: number,
): { property: string; ok: boolean; detail: string }[] {
  const checks = [
    { property: 'no-r53-api', ok: route53Calls === 0, detail: `${route53Calls} Route 53 API calls` },
  ];
  const moves = [...planes.values()]
    .flatMap((p) => p.store.data.transitions)
    .filter((t) => t.record === dp.record.key && t.kind !== 'initial' && t.kind !== 'adopt')
    .sort((a, b) => a.at - b.at);
  const spec = dp.record.dataplane!;
  const bound = checkerDelayMs({
    requestIntervalS: spec.requestIntervalS,
    failureThreshold: spec.failureThreshold,
  });
  const delays: number[] = [];
  for (const move of moves) {
    const pool = dp.record.pools.find((p) => p.name === move.to)!;
    const wanted = [...pool.values].sort().join(',');
    const flip = dp.model.changes.find(([at, answer]) => at >= move.at && answer === wanted);
    if (flip) delays.push(flip[0] - move.at);
  }
  if (moves.length > 0) {
    const worst = delays.length === moves.length ? Math.max(...delays) : Number.POSITIVE_INFINITY;
    checks.push({
      property: 'checkers',
      ok: worst <= bound,
      detail: `Route 53 followed ${delays.length}/${moves.length} pool changes, the slowest in ${worst / 1000} s (bound ${bound / 1000} s)`,
    });
  }
  return checks;
}
