/** The machine a benchmark ran on, recorded beside every result. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { median } from './stats';

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  memoryGiB: number;
  /** 1-minute load average when the run started (the machine may be shared). */
  loadAtStart: number;
  /** The soft limit of open files per process (`ulimit -n`); null where /proc is absent. */
  openFilesLimit: number | null;
  /** CPU time of the reference workload when the run started (referenceCpuMs). */
  referenceCpuMs: number;
}

/**
 * CPU time (ms) of a fixed workload: 10,000 string keys into a Map, looked up again, and a JSON round trip
 * of the same entries, the median of 7 runs. The work is the same on every run, so figures measured at
 * different times on a shared machine, whose speed moves with its neighbours, can be set against its
 * speed at the time.
 */
export function referenceCpuMs(): number {
  const times: number[] = [];
  for (let run = 0; run < 7; run++) {
    const start = process.cpuUsage();
    const map = new Map<string, { epoch: number; pool: string }>();
    for (let i = 0; i < 10_000; i++) map.set(`app-${i}.example.com/A`, { epoch: i, pool: `pool-${i % 3}` });
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += map.get(`app-${i}.example.com/A`)!.epoch;
    sum += Object.keys(JSON.parse(JSON.stringify(Object.fromEntries(map)))).length;
    const used = process.cpuUsage(start);
    if (sum !== 49_995_000 + 10_000) throw new Error(`reference workload: ${sum}`);
    times.push((used.user + used.system) / 1_000);
  }
  return Math.round(median(times) * 100) / 100;
}

function openFilesLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').match(/^Max open files\s+(\d+)/m);
    return line ? Number(line[1]) : null;
  } catch {
    return null;
  }
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() || 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
    os: `${type()} ${release()}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAtStart: Math.round(loadavg()[0]! * 100) / 100,
    openFilesLimit: openFilesLimit(),
    referenceCpuMs: referenceCpuMs(),
  };
}
