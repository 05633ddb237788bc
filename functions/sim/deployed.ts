/**
 * The topology as deployed, on a virtual timeline: EventBridge invokes the tick Lambda once a minute,
 * which probes in rounds for its probe window (the Lambda's 60 s timeout less the 15 s kept for applying)
 * and exchanges views with the Worker after every round; the Worker probes one round per Durable Object
 * alarm, re-armed for the next check due (its once-a-minute Cron Trigger only re-arms a lost alarm).
 * Each plane reads the other as deployed: the Lambda the Worker's beacon over `GET /v1/beacon` (the
 * Durable Object, strongly consistent; KV, up to 60 s stale, when the route fails), the Worker the AWS
 * beacon from DynamoDB with ConsistentRead; every read and probe takes its latency on the timeline.
 */

import { dispatch } from '../core/dispatch';
import type { PeerReader } from '../core/ports';
import { nextDueAt } from '../core/probing';
import { runTick } from '../core/tick';
import type { Beacon, PlaneId } from '../core/types';
import {
  RECORD,
  type Sample,
  type Scenario,
  type ScenarioResult,
  type SimWorld,
  score,
  simConfig,
  ZONES,
} from './model';
import { SimPlane } from './planes';
import { VirtualTime } from './timeline';
import { FaultyProvider, Origins, seeded } from './world';

const MIN = 60_000;
/** functions/aws/tick.ts probeWindow: the tick Lambda's 75 s timeout less 15 s for apply, capped at 55 s. */
export const LAMBDA_WINDOW_MS = 55_000;
/** The schedules fire this far into each minute: EventBridge, the Worker's cron (watchdog only). */
const PHASE_MS: Partial<Record<PlaneId, number>> = { aws: 0, cloudflare: 20_000, local: 30_000 };
/** EventBridge delivers a scheduled invocation up to about a second late. */
const SCHEDULE_JITTER_MS = 1_000;
/** Latencies of the exchange paths: [least, most] ms. */
export const LATENCY_MS = {
  /** Lambda -> Worker fetch -> Durable Object storage and back (GET /v1/beacon). */
  durableObjectRoute: [30, 150],
  /** A Workers KV read over the Cloudflare API. */
  kv: [20, 80],
  /** DynamoDB GetItem with ConsistentRead from the Worker or the local plane. */
  dynamodb: [10, 60],
  /** A Durable Object alarm fires this late. */
  alarm: [5, 50],
} as const;
/** Most staleness of the KV mirror of the Worker's beacon. */
const KV_STALENESS_MS = 60_000;

export async function runDeployed(scenario: Scenario): Promise<ScenarioResult> {
  const random = seeded(scenario.seed ?? 42);
  const config = simConfig(scenario);
  const box = { t: Date.UTC(2026, 0, 1) };
  const start = box.t;
  const time = new VirtualTime(box);
  const between = ([lo, hi]: readonly [number, number]) => lo + random() * (hi - lo);
  const samples: Sample[] = [];
  const providers = {
    route53: new FaultyProvider('route53', box, random),
    cloudflare: new FaultyProvider('cloudflare', box, random),
  };
  const origins = new Origins();
  const answerIn = (p: FaultyProvider, zone: string) =>
    p.inner.find(zone, RECORD, 'A')?.values.join(',') ?? '';
  const sample = () =>
    samples.push({
      t: box.t - start,
      r53: answerIn(providers.route53, ZONES.route53.id),
      cf: answerIn(providers.cloudflare, ZONES.cloudflare.id),
      primaryUp: origins.isUp('pool0-health'),
    });
  for (const p of Object.values(providers)) p.onApply = sample;

  const planes = new Map<PlaneId, SimPlane>();
  for (const id of scenario.planes ?? ['aws', 'cloudflare']) {
    const skew = scenario.skewMs?.[id] ?? 0;
    planes.set(
      id,
      new SimPlane({ id, config, world: box, origins, providers, random, clock: time.clock(skew) }),
    );
  }
  const latency = async (range: readonly [number, number]) => time.sleep(between(range));
  const newest = (p: SimPlane, maxStaleMs: number): Beacon | undefined => {
    const staleness = maxStaleMs > 0 ? random() * maxStaleMs : 0;
    return p.published.filter((b) => b.t <= box.t - staleness).at(-1)?.beacon;
  };
  /** How `reader` reads `peer`'s beacon in the deployed topology. */
  const readerOf = (reader: PlaneId, peer: SimPlane): PeerReader => ({
    plane: peer.options.id,
    read: async () => {
      if (peer.options.id === 'cloudflare' && reader !== 'cloudflare') {
        // The Worker's API answers from the Durable Object while the Worker runs; KV is the fallback.
        await latency(LATENCY_MS.durableObjectRoute);
        if (peer.alive && !peer.storeDown) return newest(peer, 0);
        await latency(LATENCY_MS.kv);
        if (peer.storeDown) throw new Error('cloudflare: beacon route and KV unreachable');
        return newest(peer, scenario.kvStalenessMs ?? KV_STALENESS_MS);
      }
      await latency(LATENCY_MS.dynamodb);
      if (peer.storeDown) throw new Error(`${peer.options.id} store unreachable`);
      return newest(peer, 0);
    },
  });
  for (const plane of planes.values()) {
    plane.deps.peers = [...planes.values()]
      .filter((p) => p !== plane)
      .map((p) => readerOf(plane.options.id, p));
  }

  const world: SimWorld = {
    get t() {
      return box.t;
    },
    set t(v) {
      box.t = v;
    },
    origins,
    providers,
    planes,
    config,
    manualAt: [],
    async manual(plane, request) {
      world.manualAt.push(box.t - start);
      await dispatch(planes.get(plane)!.deps, request, 'operator');
    },
  };

  let ticks = 0;
  const failures: string[] = [];
  const run = (plane: SimPlane, windowMs: number) =>
    runTick(plane.deps, { probeBudgetMs: 25_000, probeWindowMs: windowMs })
      .then((report) => {
        ticks++;
        plane.reports.push(report);
        if (plane.reports.length > 4) plane.reports.shift();
      })
      .catch((error: unknown) => void failures.push(`${plane.options.id}: ${String(error)}`));

  // The Worker: one probe round per alarm; the alarm is re-armed for the next check due.
  const alarm = { armed: false, running: false };
  const worker = planes.get('cloudflare');
  const fireAlarm = async (): Promise<void> => {
    alarm.armed = false;
    if (!worker?.alive) return;
    alarm.running = true;
    await run(worker, 0);
    alarm.running = false;
    if (!worker.alive) return;
    const view = (await worker.store.loadBeacon('cloudflare'))?.view;
    const next = nextDueAt(config.checks, view, 'cloudflare') ?? box.t + MIN;
    arm(Math.max(next - (scenario.skewMs?.cloudflare ?? 0), box.t) + between(LATENCY_MS.alarm));
  };
  const arm = (at: number) => {
    alarm.armed = true;
    time.at(at, () => void fireAlarm());
  };

  const endAt = start + scenario.durationMs;
  for (let minute = 0; minute * MIN <= scenario.durationMs; minute++) {
    for (const plane of planes.values()) {
      const at = start + minute * MIN + (PHASE_MS[plane.options.id] ?? 0);
      if (at > endAt) continue;
      if (plane.options.id === 'cloudflare') {
        // The Cron Trigger is the watchdog: it re-arms the alarm when none is pending.
        time.at(at, () => {
          if (plane.alive && !alarm.armed && !alarm.running) arm(box.t);
        });
      } else {
        const jitter = plane.options.id === 'aws' ? random() * SCHEDULE_JITTER_MS : 0;
        const window = plane.options.id === 'aws' ? LAMBDA_WINDOW_MS : 50_000;
        time.at(at + jitter, () => {
          if (plane.alive) void run(plane, window);
        });
      }
    }
  }
  for (const event of scenario.timeline) {
    time.at(start + event.at, () => {
      void Promise.resolve(event.act(world)).then(sample);
    });
  }
  sample();
  await time.run(endAt);
  sample();
  if (failures.length > 0)
    throw new Error(`ticks failed in the simulation: ${failures.slice(0, 3).join('; ')}`);
  return score(scenario, world, samples, ticks);
}
