/**
 * Runs one scenario: the real core tick of every plane on a shared virtual timeline, with the
 * scenario's faults injected, then scores it (detection-to-swap, false failovers, flaps, writes,
 * transitions) and checks the properties P1, P5, P6 and P7.
 */
import { dispatch } from '../core/dispatch';
import type { PlaneId } from '../core/types';
import { dataPlaneChecks, simDataPlane } from './dataplane-world';
import { runDeployed } from './deployed';
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
import { FaultyProvider, Origins, seeded } from './world';

export * from './model';

const OFFSETS: Record<PlaneId, number> = { aws: 0, cloudflare: 0.25, local: 0.5 };
const KV_STALENESS_MS = 60_000;

export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  if (scenario.topology === 'deployed') return runDeployed(scenario);
  const random = seeded(scenario.seed ?? 42);
  const cadence = scenario.cadenceMs ?? 60_000;
  const config = simConfig(scenario);
  const clockBox = { t: Date.UTC(2026, 0, 1) };
  const start = clockBox.t;
  const providers = {
    route53: new FaultyProvider('route53', clockBox, random),
    cloudflare: new FaultyProvider('cloudflare', clockBox, random),
  };
  const origins = new Origins();
  const planes = new Map<PlaneId, SimPlane>();
  for (const id of scenario.planes ?? ['aws', 'cloudflare']) {
    planes.set(
      id,
      new SimPlane({
        id,
        config,
        world: clockBox,
        origins,
        providers,
        random,
        skewMs: scenario.skewMs?.[id] ?? 0,
      }),
    );
  }
  for (const plane of planes.values()) {
    // The Lambda reads the Worker's beacon from KV (eventually consistent); the Worker reads DynamoDB.
    plane.deps.peers = [...planes.values()]
      .filter((p) => p !== plane)
      .map((p) =>
        p.reader(p.options.id === 'cloudflare' ? (scenario.kvStalenessMs ?? KV_STALENESS_MS) : 0, random),
      );
  }
  const dataplane = scenario.route53Mode ? simDataPlane(config, planes, start) : undefined;
  const world: SimWorld = {
    get t() {
      return clockBox.t;
    },
    set t(v) {
      clockBox.t = v;
    },
    origins,
    providers,
    planes,
    config,
    manualAt: [],
    ...(dataplane ? { verdicts: dataplane.faults } : {}),
    async manual(plane, request) {
      const p = planes.get(plane)!;
      world.manualAt.push(clockBox.t - start);
      await dispatch(p.deps, request, 'operator');
    },
  };

  const timeline = [...scenario.timeline].sort((a, b) => a.at - b.at);
  let nextEvent = 0;
  let ticks = 0;
  const samples: Sample[] = [];
  const answerIn = (p: FaultyProvider, zone: string) =>
    p.inner.find(zone, RECORD, 'A')?.values.join(',') ?? '';
  for (let base = 0; base <= scenario.durationMs; base += cadence) {
    const slots = [...planes.values()]
      .map((p) => ({ plane: p, at: base + OFFSETS[p.options.id] * cadence }))
      .sort((a, b) => a.at - b.at);
    for (const slot of slots) {
      while (nextEvent < timeline.length && timeline[nextEvent]!.at <= slot.at) {
        await dataplane?.model.advance(start + timeline[nextEvent]!.at);
        clockBox.t = start + timeline[nextEvent]!.at;
        await timeline[nextEvent]!.act(world);
        nextEvent++;
      }
      if (slot.at > scenario.durationMs) break;
      clockBox.t = start + slot.at;
      await dataplane?.model.advance(clockBox.t);
      if (await slot.plane.tick()) ticks++;
      samples.push({
        t: slot.at,
        r53: dataplane ? dataplane.model.answer().join(',') : answerIn(providers.route53, ZONES.route53.id),
        cf: answerIn(providers.cloudflare, ZONES.cloudflare.id),
        primaryUp: origins.isUp('pool0-health'),
      });
    }
  }
  const result = score(scenario, world, samples, ticks);
  if (dataplane) {
    const calls = Object.values(providers.route53.counts).reduce((a, b) => a + b, 0);
    result.checks.push(...dataPlaneChecks(dataplane, planes, calls));
    result.ok = result.checks.every((c) => c.ok);
  }
  return result;
}
