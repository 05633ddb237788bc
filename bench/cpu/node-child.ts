/**
 * CPU time of the 10-record tick in a fresh Node process (process.cpuUsage, user + system): the first
 * tick (which creates every record), the first tick of a second plane in the same process (the same
 * work, on code compiled and run once), the median of N steady ticks, and the tick that fails every
 * record over. Prints one JSON line. Run with `node --no-lazy` to have V8 compile every function at load;
 * with `--prime`, the process primes the tick path first (as the Worker does at isolate start), and the
 * priming's CPU is reported beside the rest.
 *
 *   node --import tsx bench/cpu/node-child.ts --ticks 200 [--prime]
 */
import { parseArgs } from 'node:util';
import { primeTickPath } from '../../functions/adapters/memory/prime';
import { median } from '../stats';
import { tenRecordBuilt } from './config';
import { BenchPlane, transitions } from './fixture';

export interface NodeRun {
  /** CPU of priming the tick path before the first tick (with `--prime`). */
  primeMs?: number;
  firstMs: number;
  /** The first tick of a second plane, after the first plane's first tick. */
  secondFirstMs: number;
  steadyMs: number;
  failoverMs: number;
}

async function cpuOf<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1_000, result };
}

const { values } = parseArgs({
  options: { ticks: { type: 'string', default: '200' }, prime: { type: 'boolean', default: false } },
});
const ticks = Number(values.ticks);
const built = tenRecordBuilt();
const plane = new BenchPlane(built);
let primeMs: number | undefined;
if (values.prime) {
  const { ms, result } = await cpuOf(() => primeTickPath(plane.deps.config, 'aws'));
  if (!(result.ticks === 3 && result.transitions > 0))
    throw new Error(`priming did not run the tick path: ${JSON.stringify(result)}`);
  primeMs = ms;
}
const first = await cpuOf(() => plane.tick());
const secondPlane = new BenchPlane(built);
const second = await cpuOf(() => secondPlane.tick());
const steady: number[] = [];
for (let i = 0; i < ticks; i++) {
  const { ms, result } = await cpuOf(() => plane.tick());
  if (transitions(result) > 0) throw new Error('a steady tick moved a record');
  steady.push(ms);
}
plane.primariesDown();
let failoverMs = Number.NaN;
for (let i = 0; i < 5 && Number.isNaN(failoverMs); i++) {
  const { ms, result } = await cpuOf(() => plane.tick());
  if (transitions(result) > 0) failoverMs = ms;
}
const run: NodeRun = {
  ...(primeMs === undefined ? {} : { primeMs }),
  firstMs: first.ms,
  secondFirstMs: second.ms,
  steadyMs: median(steady),
  failoverMs,
};
process.stdout.write(`${JSON.stringify(run)}\n`);
