/**
 * What a scenario is and what it scores: the simulated world, the scenario and its result, the config
 * every scenario runs under, and the scoring shared by both topologies (engine.ts, deployed.ts).
 */
import type { Config } from '../core/config/model';
import { parseConfig } from '../core/config/validate';
import type { PlaneId } from '../core/types';
import type { VerdictFaults } from './dataplane-world';
import type { SimPlane } from './planes';
import type { FaultyProvider, Origins } from './world';

export const RECORD = 'app.example.com';
export const PRIMARY = '192.0.2.10';
export const SECONDARY = '198.51.100.20';
export const TERTIARY = '203.0.113.30';
const POOL_OF: Record<string, string> = {
  [PRIMARY]: 'primary',
  [SECONDARY]: 'secondary',
  [TERTIARY]: 'tertiary',
};
const VALUE_OF = { primary: PRIMARY, secondary: SECONDARY, tertiary: TERTIARY } as const;
export const ZONES = {
  route53: { id: 'ZSIM' },
  cloudflare: { id: '0123456789abcdef0123456789abcdef' },
} as const;

export interface SimWorld {
  t: number;
  origins: Origins;
  providers: Record<'route53' | 'cloudflare', FaultyProvider>;
  planes: Map<PlaneId, SimPlane>;
  config: Config;
  /** Sends a manual request to one plane, as an operator would. */
  manual(plane: PlaneId, request: Record<string, unknown>): Promise<void>;
  manualAt: number[];
  /** Faults of the verdict endpoints (scenarios in Route 53 data-plane mode). */
  verdicts?: VerdictFaults;
}

export interface Scenario {
  name: string;
  title: string;
  /** What happens, in one sentence, for the README. */
  story: string;
  seed?: number;
  durationMs: number;
  cadenceMs?: number;
  leader?: PlaneId;
  agreement?: 'all' | 'majority' | 'any';
  planes?: PlaneId[];
  skewMs?: Partial<Record<PlaneId, number>>;
  /** Most staleness of the Worker's KV beacon as AWS reads it. Default 60 s. */
  kvStalenessMs?: number;
  /** dataplane: Route 53's failover sets and health checks move its answer (the model in route53-dataplane.ts). */
  route53Mode?: 'dataplane';
  /**
   * `cadence` (default): every plane ticks once per cadence, one probe round per tick. `deployed`: the
   * topology as deployed (deployed.ts): once-a-minute Lambda invocations with a probe window and a
   * per-round peer exchange, the Worker's probe rounds on Durable Object alarms, store latencies.
   */
  topology?: 'cadence' | 'deployed';
  /** The checks' confirmInterval; default the config default (2 s). Equal to the cadence: no fast confirmation. */
  confirmIntervalMs?: number;
  /** When the primary origin really went down, for detection-to-swap. */
  outageAt?: number;
  /** A third pool, tertiary (check pool2-health), after the secondary. Default: two pools. */
  tertiary?: boolean;
  timeline: { at: number; label: string; act: (w: SimWorld) => void | Promise<void> }[];
  expect: {
    swap: boolean;
    maxDetectionMs?: number;
    finalPool: 'primary' | 'secondary' | 'tertiary';
    /** The pool a swap moves the name to, for detection-to-swap. Default secondary. */
    swapTo?: 'secondary' | 'tertiary';
    maxFalseFailovers?: number;
  };
}

export interface ScenarioResult {
  name: string;
  title: string;
  story: string;
  ticks: number;
  detectionToSwapS: number | null;
  falseFailovers: number;
  flaps: number;
  providerWrites: number;
  transitions: number;
  finalPool: string;
  checks: { property: string; ok: boolean; detail: string }[];
  ok: boolean;
}

export function simConfig(
  s: Pick<Scenario, 'cadenceMs' | 'leader' | 'agreement' | 'route53Mode' | 'confirmIntervalMs' | 'tertiary'>,
): Config {
  const cadence = `${(s.cadenceMs ?? 60_000) / 1000}s`;
  const check = (host: string) => ({
    http: { url: `https://${host}/health` },
    interval: cadence,
    timeout: '5s',
    failureThreshold: 3,
    successThreshold: 2,
    ...(s.confirmIntervalMs !== undefined ? { confirmInterval: `${s.confirmIntervalMs}ms` } : {}),
  });
  return parseConfig({
    owner: 'sim',
    planes: {
      leader: s.leader ?? 'aws',
      takeoverAfter: '3m',
      agreement: s.agreement ?? 'majority',
      observationMaxAge: '3m',
      ...(s.route53Mode ? { verdicts: SIM_VERDICTS } : {}),
    },
    providers: { route53: { hostedZoneId: ZONES.route53.id }, cloudflare: { zoneId: ZONES.cloudflare.id } },
    checks: {
      'pool0-health': check('primary.example.com'),
      'pool1-health': check('secondary.example.com'),
      ...(s.tertiary ? { 'pool2-health': check('tertiary.example.com') } : {}),
    },
    records: [
      {
        name: RECORD,
        type: 'A',
        providers: ['route53', 'cloudflare'],
        ttl: { normal: 300, outage: 60 },
        ...(s.route53Mode ? { route53: { mode: s.route53Mode } } : {}),
        pools: [
          { name: 'primary', values: [PRIMARY], checks: ['pool0-health'] },
          { name: 'secondary', values: [SECONDARY], checks: ['pool1-health'] },
          ...(s.tertiary ? [{ name: 'tertiary', values: [TERTIARY], checks: ['pool2-health'] }] : []),
        ],
        failback: { mode: 'auto', after: '10m' },
      },
    ],
  });
}

const SIM_VERDICTS = {
  secret: { secret: 'TWINPLANE_VERDICT_SECRET' },
  aws: 'https://verdicts.aws.example.com',
  cloudflare: 'https://twinplane.example.workers.dev',
};

export interface Sample {
  t: number;
  r53: string;
  cf: string;
  /** Ground truth: the primary origin really answers. */
  primaryUp: boolean;
}

export function score(scenario: Scenario, world: SimWorld, samples: Sample[], ticks: number): ScenarioResult {
  const checks: ScenarioResult['checks'] = [];
  const swapTo = VALUE_OF[scenario.expect.swapTo ?? 'secondary'];
  const swapped = samples.find(
    (s) => s.t >= (scenario.outageAt ?? Number.POSITIVE_INFINITY) && s.r53 === swapTo && s.cf === swapTo,
  );
  const detection =
    swapped && scenario.outageAt !== undefined ? (swapped.t - scenario.outageAt) / 1000 : null;

  // False failovers: the name moved off the primary while the primary was up and nobody asked.
  let falseFailovers = 0;
  let flaps = 0;
  let earlyFailbacks = 0;
  let upSince: number | undefined = samples[0]?.primaryUp ? samples[0].t : undefined;
  let lastChange: { t: number; from: string } | undefined;
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1]!.r53;
    const cur = samples[i]!.r53;
    if (!samples[i]!.primaryUp) upSince = undefined;
    else upSince ??= samples[i]!.t;
    if (prev === cur || prev === '') continue;
    const t = samples[i]!.t;
    const manual = world.manualAt.some((m) => m <= t && t - m <= 120_000);
    if (prev === PRIMARY && !manual && samples[i]!.primaryUp) falseFailovers++;
    // P7: back to the primary only after it has been up for the failback dwell (10 m).
    if (cur === PRIMARY && !manual && (upSince === undefined || t - upSince < 10 * 60_000)) earlyFailbacks++;
    if (lastChange && lastChange.from === cur && t - lastChange.t < 300_000) flaps++;
    lastChange = { t, from: prev };
  }

  // P1: every epoch means one pool, in every store; no store records an epoch twice. A plane that lost
  // a tie at an equal epoch keeps its own transition in its history but adopts the winner's, marking
  // its own superseded: that one no longer stands.
  const byEpoch = new Map<number, Set<string>>();
  for (const plane of world.planes.values()) {
    const superseded = new Set<string>();
    for (const report of plane.reports)
      for (const e of report.events)
        if (e.type === 'transition' && e.transition.superseded !== undefined)
          superseded.add(`${e.transition.epoch}:${e.transition.superseded}`);
    for (const t of plane.store.data.transitions) {
      if (superseded.has(`${t.epoch}:${t.to}`)) continue;
      byEpoch.set(t.epoch, (byEpoch.get(t.epoch) ?? new Set()).add(t.to));
    }
  }
  const split = [...byEpoch].filter(([, pools]) => pools.size > 1);
  checks.push({
    property: 'P1',
    ok: split.length === 0 && flaps === 0,
    detail: split.length ? `epochs with two pools: ${split.map(([e]) => e).join(', ')}` : `${flaps} flaps`,
  });

  const final = samples.at(-1)!;
  const finalPool = POOL_OF[final.r53] ?? final.r53;
  checks.push({
    property: 'P6',
    ok: final.r53 === final.cf,
    detail: `route53 ${final.r53 || 'empty'}, cloudflare ${final.cf || 'empty'}`,
  });
  checks.push({
    property: 'final',
    ok: finalPool === scenario.expect.finalPool,
    detail: `ends on ${finalPool}, expected ${scenario.expect.finalPool}`,
  });
  if (scenario.expect.swap) {
    const bound = scenario.expect.maxDetectionMs;
    const ok = detection !== null && (bound === undefined || detection * 1000 <= bound);
    checks.push({
      property: 'P5',
      ok,
      detail:
        detection === null
          ? 'never swapped'
          : `swapped after ${detection}s${bound ? ` (bound ${bound / 1000}s)` : ''}`,
    });
  } else {
    checks.push({
      property: 'no-swap',
      ok: !samples.some((s) => s.r53 === SECONDARY && !world.manualAt.length),
      detail: 'the name must stay on the primary',
    });
  }
  const maxFalse = scenario.expect.maxFalseFailovers ?? 0;
  checks.push({
    property: 'P7',
    ok: falseFailovers <= maxFalse && earlyFailbacks === 0,
    detail: `${falseFailovers} false failovers, ${earlyFailbacks} failbacks before the dwell`,
  });

  return {
    name: scenario.name,
    title: scenario.title,
    story: scenario.story,
    ticks,
    detectionToSwapS: detection,
    falseFailovers,
    flaps,
    providerWrites: world.providers.route53.counts.writes + world.providers.cloudflare.counts.writes,
    transitions: byEpoch.size,
    finalPool,
    checks,
    ok: checks.every((c) => c.ok),
  };
}
