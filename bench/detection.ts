/**
 * Detection-to-swap from the simulator in the topology as deployed (once-a-minute Lambda with a probe
 * window and a per-round peer exchange, the Worker on Durable Object alarms; 10 s checks) and in the
 * cadence model at 10, 30 and 60 s, over seeds and outage start offsets, and false failovers under 10%
 * probe loss; beside the published detection times of Route 53 health checks and Cloudflare Load
 * Balancing.
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
const TARGET_P50_S = 15;
const TARGET_P90_S = 20;
const TARGET_CADENCE_S = 10;
interface Setup {
  label: string;
  planes: PlaneId[];
  /** The topology as deployed (functions/sim/deployed.ts); the cadence model otherwise. */
  deployed?: boolean;
  /** The checks' confirmInterval; default 2 s. */
  confirmIntervalMs?: number;
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
    label:
      'as deployed: Lambda once a minute (55 s probe window, exchange every round), Worker on alarms; two planes, majority',
    planes: ['aws', 'cloudflare'],
    deployed: true,
    target: true,
    loss: true,
    targetCadenceOnly: true,
  },
  {
    label: 'as deployed, without fast confirmation (confirmInterval = interval); two planes, majority',
    planes: ['aws', 'cloudflare'],
    deployed: true,
    confirmIntervalMs: TARGET_CADENCE_S * 1_000,
    targetCadenceOnly: true,
  },
  {
    label: 'cadence model: two planes (AWS leads, the Worker follows; majority)',
    planes: ['aws', 'cloudflare'],
    loss: true,
  },
  {
    label: "cadence model: two planes, the Worker's beacon read fresh (KV staleness 0)",
    planes: ['aws', 'cloudflare'],
    kvStalenessMs: 0,
    targetCadenceOnly: true,
  },
  { label: 'cadence model: one plane', planes: ['aws'], loss: true },
];

const shape = (setup: Setup) => ({
  ...(setup.kvStalenessMs !== undefined ? { kvStalenessMs: setup.kvStalenessMs } : {}),
  ...(setup.deployed ? { topology: 'deployed' as const } : {}),
  ...(setup.confirmIntervalMs !== undefined ? { confirmIntervalMs: setup.confirmIntervalMs } : {}),
});

function outage(cadenceMs: number, setup: Setup, seed: number, offsetMs: number): Scenario {
  // Deployed: the planes are warm after three minutes and every swap lands within two more.
  const outageAt = (setup.deployed ? 3 : 5) * MIN + offsetMs;
  return {
    name: 'bench-detection',
    title: 'primary down',
    story: 'the primary stops answering',
    seed,
    cadenceMs,
    planes: setup.planes,
    ...shape(setup),
    durationMs: outageAt + (setup.deployed ? 2 : 15) * MIN,
    outageAt,
    timeline: [{ at: outageAt, label: 'primary down', act: (w) => w.origins.setUp('pool0-health', false) }],
    expect: { swap: true, finalPool: 'secondary' },
  };
}

function lossy(cadenceMs: number, setup: Setup, seed: number, ticks: number): Scenario {
  return {
    name: 'bench-loss',
    title: 'probe loss',
    story: 'a tenth of probes are lost',
    seed,
    cadenceMs,
    planes: setup.planes,
    ...shape(setup),
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
      // Deployed: outages start anywhere in the minute (the invocations' grid), 6x the offsets.
      const span = setup.deployed ? MIN : cadenceS * 1_000;
      const offsets = setup.deployed ? options.offsets * 6 : options.offsets;
      for (let seed = 1; seed <= options.seeds; seed++) {
        for (let k = 0; k < offsets; k++) {
          const offset = Math.round((k * span) / offsets);
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
        row.target = `p50 <= ${TARGET_P50_S} s, p90 <= ${TARGET_P90_S} s`;
        row.verdict =
          p50 > TARGET_P50_S
            ? verdict(false, seconds(p50), '>', `${TARGET_P50_S} s (p50)`)
            : verdict(p90 <= TARGET_P90_S, seconds(p90), '>', `${TARGET_P90_S} s (p90)`);
      }
      rows.push(row);
    }
  }
  for (const setup of SETUPS.filter((s) => s.loss)) {
    const falses: number[] = [];
    for (let seed = 1; seed <= options.seeds; seed++) {
      const result = await runScenario(lossy(TARGET_CADENCE_S * 1_000, setup, seed, options.lossTicks));
      falses.push(result.falseFailovers);
    }
    const total = falses.reduce((a, b) => a + b, 0);
    const row: Row = {
      section: 'detection',
      figure: `false failovers, 10% probe loss, ${TARGET_CADENCE_S} s cadence, ${setup.label}, ${count(options.lossTicks)} ${setup.deployed ? 'check intervals (probe rounds)' : 'ticks'} per plane per seed`,
      measured: setup.deployed
        ? `${total} in ${count(options.seeds * options.lossTicks)} check intervals per plane (${count(Math.round((options.seeds * options.lossTicks * TARGET_CADENCE_S) / 60))} Lambda invocations)`
        : `${total} in ${count(options.seeds * options.lossTicks)} ticks per plane`,
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
      `Detection-to-swap is the time from the primary origin going dark to both Route 53 and Cloudflare holding the secondary's value (before any resolver cache, i.e. the record's TTL), from \`functions/sim\`: the real core tick on a virtual clock, default thresholds (failureThreshold 3, confirmInterval 2 s, 5 s timeout), ${options.seeds} seeds × ${options.offsets * 6} outage start offsets spread over one minute (deployed) or ${options.offsets} over one cadence (cadence model); p50 and p90 are nearest-rank.`,
      "As deployed (functions/sim/deployed.ts): EventBridge invokes the tick Lambda once a minute (up to 1 s late); it probes in rounds for 55 s (its 75 s timeout less 15 s for applying) and after every round publishes its view to DynamoDB and reads the Worker's beacon over `GET /v1/beacon` (the Durable Object, 30-150 ms; KV, up to 60 s stale, only when the route fails). The Worker probes one round per Durable Object alarm, re-armed for the next check due; its once-a-minute Cron Trigger only re-arms a lost alarm; it reads the AWS beacon from DynamoDB with ConsistentRead (10-60 ms). A failing probe is confirmed after 2 s, not a full interval, so a plane turns a check unhealthy 4 s after its first failed probe; while its own view waits for the peer's, the Lambda reads the peer again every 2 s. Detection is then about the later plane's first failed probe (up to one interval after the outage) plus 4 s plus one exchange.",
      "The cadence model ticks each plane every cadence with one probe round per tick, the Worker a quarter cadence after AWS, and reads the Worker's beacon from KV (up to 60 s stale): that is the local plane, or a plane whose scheduler runs it that often. It is kept to compare with earlier figures.",
      "With two planes the rule is a majority of two fresh vantages, so the leader (AWS) swaps only once it also sees the Worker's unhealthy verdict. One plane decides on its own view alone, and so also on its own lost probes. Fast confirmation does not change the odds of three lost probes in a row (0.1%), only how soon they are done; two planes must both reach them within a few seconds for a false failover.",
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
