/**
 * CPU time of the 10-record tick in a fresh Node process (process.cpuUsage, user + system): the first
 * tick (which creates every record), the first tick of a second plane in the same process (the same
 * work, on code compiled and run once), the median of N steady ticks, and the tick that fails every
 * record over. Prints one JSON line. Run with `node --no-lazy` to have V8 compile every function at load.
 *
 *   node --import tsx bench/cpu/node-child.ts --ticks 200
 */
import { parseArgs } from 'node:util';
import { median } from '../stats';
import { tenRecordBuilt } from './config';
import { BenchPlane, transitions } from './fixture';

export interface NodeRun {
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

const { values } = parseArgs({ options: { ticks: { type: 'string', default: '200' } } });
const ticks = Number(values.ticks);
const built = tenRecordBuilt();
const plane = new BenchPlane(built);
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
const run: NodeRun = { firstMs: first.ms, secondFirstMs: second.ms, steadyMs: median(steady), failoverMs };
process.stdout.write(`${JSON.stringify(run)}\n`);
