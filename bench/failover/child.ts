/**
 * One mass failover of N records in one zone, through the real Route 53 adapter (on a paginating SDK
 * mock) and the real Cloudflare adapter (over HTTP to the Cloudflare API fake, which checks every
 * request and answer against Cloudflare's schema): the provider and store calls of the tick that
 * creates the records and of the tick that moves every one, with their wall and CPU time; then the CPU
 * of a steady tick of the same N records on the in-memory providers. Prints one JSON line.
 *
 *   node --import tsx bench/failover/child.ts --records 1000
 */

import { parseArgs } from 'node:util';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { MemoryDnsProvider } from '../../functions/adapters/memory/dns';
import { MemoryStateStore } from '../../functions/adapters/memory/store';
import { Route53DnsProvider } from '../../functions/adapters/route53/provider';
import type { Config } from '../../functions/core/config/model';
import { type PlaneDeps, runTick, type TickReport } from '../../functions/core/tick';
import { startFake } from '../../test/fakes/cloudflare/harness';
import { InstantClock } from '../../test/helpers/aws';
import { fakeRoute53 } from '../../test/helpers/aws-fakes';
import { ScriptedProber, testConfig, VirtualClock } from '../../test/helpers/fakes';
import { median } from '../stats';

export interface Calls {
  r53Writes: number;
  r53Pages: number;
  cfWrites: number;
  cfReads: number;
  commits: number;
}

export interface TickCost {
  calls: Calls;
  transitions: number;
  wallMs: number;
  cpuMs: number;
}

export interface FailoverRun {
  records: number;
  create: TickCost;
  failover: TickCost;
  /** CPU of a steady tick (no change) on the in-memory providers, median of `steadyTicks` after a warm-up. */
  steadyCpuMs: number;
  steadyTicks: number;
}

const INTERVAL_MS = 30_000;
/** Ticks before the steady ones are counted, as on a warm Lambda, Worker isolate or local plane. */
const WARM_UP = 10;
const transitions = (report: TickReport) => report.events.filter((e) => e.type === 'transition').length;

async function measured(
  run: () => Promise<TickReport>,
): Promise<{ report: TickReport; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const report = await run();
  const used = process.cpuUsage(cpu);
  return { report, wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1_000 };
}

async function overAdapters(config: Config): Promise<{ create: TickCost; failover: TickCost }> {
  const harness = await startFake();
  const r53 = fakeRoute53();
  try {
    const clock = new VirtualClock();
    const prober = new ScriptedProber();
    const store = new MemoryStateStore();
    const deps: PlaneDeps = {
      config,
      plane: 'aws',
      store,
      providers: {
        route53: new Route53DnsProvider({ api: r53.api, clock: new InstantClock() }),
        cloudflare: harness.provider(),
      },
      prober,
      clock,
    };
    const counts = (): Calls => ({
      r53Writes: r53.mock.commandCalls(ChangeResourceRecordSetsCommand).length,
      r53Pages: r53.mock.commandCalls(ListResourceRecordSetsCommand).length,
      cfWrites: harness.fake.apiCalls('POST').length,
      cfReads: harness.fake.apiCalls('GET').length,
      commits: store.calls.commitMany,
    });
    const tick = async (): Promise<TickCost> => {
      const before = counts();
      const { report, wallMs, cpuMs } = await measured(() => runTick(deps));
      clock.advance(INTERVAL_MS);
      const after = counts();
      const calls = Object.fromEntries(
        Object.entries(after).map(([k, v]) => [k, v - before[k as keyof Calls]]),
      ) as unknown as Calls;
      return { calls, transitions: transitions(report), wallMs, cpuMs };
    };
    const create = await tick();
    prober.set('pool0-health', false);
    for (let i = 0; i < 5; i++) {
      const cost = await tick();
      if (cost.transitions > 0) return { create, failover: cost };
    }
    throw new Error('no tick moved the records within 5 ticks of the primary failing');
  } finally {
    r53.mock.restore();
    harness.server.close();
  }
}

async function steadyCpu(config: Config, ticks: number): Promise<number> {
  const clock = new VirtualClock();
  const deps: PlaneDeps = {
    config,
    plane: 'aws',
    store: new MemoryStateStore(),
    providers: {
      route53: new MemoryDnsProvider({ name: 'route53' }),
      cloudflare: new MemoryDnsProvider({ name: 'cloudflare' }),
    },
    prober: new ScriptedProber(),
    clock,
  };
  const cpu: number[] = [];
  for (let i = 0; i < WARM_UP + ticks; i++) {
    const { report, cpuMs } = await measured(() => runTick(deps));
    clock.advance(INTERVAL_MS);
    if (i < WARM_UP) continue; // the first creates the records; the others let V8 optimise the tick
    if (transitions(report) > 0) throw new Error('a steady tick moved a record');
    cpu.push(cpuMs);
  }
  return median(cpu);
}

const { values } = parseArgs({
  options: { records: { type: 'string' }, 'steady-ticks': { type: 'string', default: '50' } },
});
const records = Number(values.records);
if (!Number.isInteger(records) || records < 1) throw new Error('--records: a positive integer');
const steadyTicks = Number(values['steady-ticks']);
const config = testConfig({ records, maxChangesPerTick: 10 * records });
// The steady ticks run first, in a process that has seen only the in-memory adapters, as a plane's
// process sees only its own: run after the failover ticks, their figure would carry the cost of core
// code V8 had compiled for the SDK mock's and the HTTP fake's objects as well.
const steadyCpuMs = await steadyCpu(config, steadyTicks);
const { create, failover } = await overAdapters(config);
const run: FailoverRun = { records, create, failover, steadyCpuMs, steadyTicks };
process.stdout.write(`${JSON.stringify(run)}\n`);
