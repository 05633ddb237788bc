/**
 * Detection-to-swap from the simulator at 10, 30 and 60 s probe cadence (default thresholds), over seeds
 * and outage start offsets within one cadence, and false failovers under 10% probe loss; beside the
 * published detection times of Route 53 health checks and Cloudflare Load Balancing.
 */

import type { PlaneId } from '../functions/core/types';
import { runScenario, type Scenario } from '../functions/sim/engine';
import { type Row, type Section, verdict } from './report';
import { count, percentile, round } from './stats';

export interface DetectionOptions {
  cadencesS: number[];
  seeds: number;
  /** Outage start offsets per cadence, evenly spread over one cadence. */
  offsets: number;
  /** Ticks per plane of each probe-loss run. */
  lossTicks: number;
  command: string;
}

const MIN = 60_000;
const TARGET_P50_S = 25;
const TARGET_CADENCE_S = 10;
interface Setup {
  label: string;
  planes: PlaneId[];
  /** The target applies to this setup (the default deployment). */
  target?: boolean;
  /** How stale AWS may read the Worker's KV beacon; the simulator's default (60 s) when absent. */
  kvStalenessMs?: number;
  /** Only at the target cadence: a row that explains another. */
  targetCadenceOnly?: boolean;
  /** Also run the probe-loss scenario. */
  loss?: boolean;
}

const SETUPS: Setup[] = [
  {
    label: 'two planes (AWS leads, the Worker follows; majority)',
    planes: ['aws', 'cloudflare'],
    target: true,
    loss: true,
  },
  {
    label: "two planes, the Worker's beacon read fresh (KV staleness 0)",
    planes: ['aws', 'cloudflare'],
    kvStalenessMs: 0,
    targetCadenceOnly: true,
  },
  { label: 'one plane', planes: ['aws'], loss: true },
];

function outage(cadenceMs: number, setup: Setup, seed: number, offsetMs: number): Scenario {
  const outageAt = 5 * MIN + offsetMs;
  return {
    name: 'bench-detection',
    title: 'primary down',
    story: 'the primary stops answering',
    seed,
    cadenceMs,
    planes: setup.planes,
    ...(setup.kvStalenessMs !== undefined ? { kvStalenessMs: setup.kvStalenessMs } : {}),
    durationMs: outageAt + 15 * MIN,
    outageAt,
    timeline: [{ at: outageAt, label: 'primary down', act: (w) => w.origins.setUp('pool0-health', false) }],
    expect: { swap: true, finalPool: 'secondary' },
  };
}

function lossy(cadenceMs: number, planes: PlaneId[], seed: number, ticks: number): Scenario {
  return {
    name: 'bench-loss',
    title: 'probe loss',
    story: 'a tenth of probes are lost',
    seed,
    cadenceMs,
    planes,
    durationMs: ticks * cadenceMs,
    timeline: [
      {
        at: 0,
        label: 'lossy network',
        act: (w) => {
          w.origins.lossRate = 0.1;
        },
      },
    ],
    expect: { swap: false, finalPool: 'primary' },
  };
}

const seconds = (s: number) => `${round(s, 1)} s`;

export async function detectionSection(options: DetectionOptions): Promise<Section> {
  const rows: Row[] = [];
  for (const setup of SETUPS) {
    const cadences = setup.targetCadenceOnly
      ? options.cadencesS.filter((c) => c === TARGET_CADENCE_S)
      : options.cadencesS;
    for (const cadenceS of cadences) {
      const detections: number[] = [];
      for (let seed = 1; seed <= options.seeds; seed++) {
        for (let k = 0; k < options.offsets; k++) {
          const offset = Math.round((k * cadenceS * 1_000) / options.offsets);
          const result = await runScenario(outage(cadenceS * 1_000, setup, seed, offset));
          if (result.detectionToSwapS === null) throw new Error(`no swap at ${cadenceS} s, seed ${seed}`);
          detections.push(result.detectionToSwapS);
        }
      }
      const p50 = percentile(detections, 50);
      const p90 = percentile(detections, 90);
      const row: Row = {
        section: 'detection',
        figure: `detection-to-swap, ${cadenceS} s cadence, ${setup.label}`,
        measured: `p50 ${seconds(p50)} · p90 ${seconds(p90)} (${seconds(Math.min(...detections))} to ${seconds(Math.max(...detections))})`,
        values: { p50S: p50, p90S: p90, minS: Math.min(...detections), maxS: Math.max(...detections) },
        samples: { detectionS: detections },
        runs: detections.length,
        command: options.command,
      };
      if (cadenceS === TARGET_CADENCE_S && setup.target) {
        row.target = `p50 <= ${TARGET_P50_S} s`;
        row.verdict = verdict(p50 <= TARGET_P50_S, seconds(p50), '>', `${TARGET_P50_S} s`);
      }
      rows.push(row);
    }
  }
  for (const setup of SETUPS.filter((s) => s.loss)) {
    const falses: number[] = [];
    for (let seed = 1; seed <= options.seeds; seed++) {
      const result = await runScenario(
        lossy(TARGET_CADENCE_S * 1_000, setup.planes, seed, options.lossTicks),
      );
      falses.push(result.falseFailovers);
    }
    const total = falses.reduce((a, b) => a + b, 0);
    const row: Row = {
      section: 'detection',
      figure: `false failovers, 10% probe loss, ${TARGET_CADENCE_S} s cadence, ${setup.label}, ${count(options.lossTicks)} ticks per plane per seed`,
      measured: `${total} in ${count(options.seeds * options.lossTicks)} ticks per plane`,
      values: { falseFailovers: total },
      samples: { falseFailovers: falses },
      runs: falses.length,
      command: options.command,
    };
    if (setup.target) {
      row.target = '0';
      row.verdict = verdict(total === 0, String(total), '>', '0');
    }
    rows.push(row);
  }
  rows.push(...published());
  return {
    id: 'detection',
    title: 'Detection-to-swap and false failovers (simulator)',
    rows,
    notes: [
      `Detection-to-swap is the time from the primary origin going dark to both Route 53 and Cloudflare holding the secondary's value (before any resolver cache, i.e. the record's TTL), from \`functions/sim\`: the real core tick on a virtual clock, default thresholds (failureThreshold 3, 5 s timeout), ${options.seeds} seeds × ${options.offsets} outage start offsets spread over one cadence; p50 and p90 are nearest-rank.`,
      "The simulator ticks each plane every cadence with one probe round per tick, the Worker a quarter cadence after AWS: that is the local plane (it ticks at the shortest check interval), or a plane whose scheduler runs it that often. The once-a-minute Lambda and Worker probe a 10 s check every 10 s inside one tick (`probeWindowMs`) but read their peer's beacon once per tick, which the simulator does not model.",
      "With two planes the rule is a majority of two fresh vantages, so the leader (AWS) swaps only once it also sees the Worker's unhealthy verdict: at its first tick after the Worker's, through the Worker's KV beacon, which the simulator serves up to 60 s stale (the row with staleness 0 shows that part). One plane decides on its own view alone, and so also on its own lost probes.",
      'Route 53 and Cloudflare figures are published defaults, not measured here: Route 53 health checkers request every 10 s (fast) or 30 s (standard) and mark an endpoint unhealthy after the failure threshold (default 3) of consecutive failures; Cloudflare Load Balancing monitors check every 60 s by default (2 immediate retries on a timeout, `consecutive_down` 0).',
    ],
  };
}

function published(): Row[] {
  const r53 =
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html';
  const cf = 'https://developers.cloudflare.com/load-balancing/monitors/';
  const row = (figure: string, measured: string, source: string): Row => ({
    section: 'detection',
    figure,
    measured,
    values: {},
    runs: 0,
    command: '',
    source,
  });
  return [
    row('Route 53 health check, fast: 10 s interval × failure threshold 3 (published)', 'about 30 s', r53),
    row(
      'Route 53 health check, standard: 30 s interval × failure threshold 3 (published)',
      'about 90 s',
      r53,
    ),
    row('Cloudflare Load Balancing monitor, default 60 s interval (published)', 'one 60 s interval', cf),
  ];
}
