/**
 * CPU time of the 10-record tick inside workerd: bundles bench/cpu/workerd-worker.ts with esbuild,
 * serves it with the workerd binary on 127.0.0.1, and reads the process's CPU time from
 * /proc/<pid>/task/<tid>/schedstat (ns, every thread) around each request. A request's CPU less the
 * median of a no-op request's is the tick's. Linux only: elsewhere it answers why not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { median } from '../stats';
import { tenRecordBuilt } from './config';

export interface WorkerdRun {
  /** CPU of the workerd process from its start until it first answered (its boot, the isolate's start). */
  startMs: number;
  /** Median CPU of a no-op request, subtracted from each tick's. */
  noopMs: number;
  firstMs: number;
  /** The first tick of a second plane in the same isolate, after the first plane's first tick. */
  secondFirstMs: number;
  steadyMs: number;
  failoverMs: number;
}

/** The workerd binary the project's wrangler installs, or why it cannot run here. */
export function workerdBinary(): string | { unavailable: string } {
  if (process.platform !== 'linux')
    return { unavailable: `CPU is read from /proc, which ${process.platform} lacks` };
  try {
    const pkg = createRequire(import.meta.url).resolve('workerd/package.json');
    const bin = join(dirname(pkg), 'bin', 'workerd');
    return existsSync(bin) ? bin : { unavailable: `${bin} is missing (npm ci installs it with wrangler)` };
  } catch {
    return { unavailable: 'the workerd package is not installed (npm ci installs it with wrangler)' };
  }
}

/** ns on CPU of every thread of `pid` so far. */
function cpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return total;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const capnp = (port: number, v8Flags: readonly string[]) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .bench)],${v8Flags.length > 0 ? `\n  v8Flags = [${v8Flags.map((f) => JSON.stringify(f)).join(', ')}],` : ''}
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const bench :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-08-15",
);
`;

async function prepare(dir: string, port: number, v8Flags: readonly string[], prime: boolean) {
  await build({
    entryPoints: ['bench/cpu/workerd-worker.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    // As infra/wrangler.jsonc builds the Worker.
    minify: true,
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    outfile: join(dir, 'worker.js'),
    define: { BENCH_BUILT_CONFIG: JSON.stringify(tenRecordBuilt()), BENCH_PRIME: String(prime) },
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'config.capnp'), capnp(port, v8Flags));
}

/**
 * One workerd process: the first tick, a second plane's first tick, `ticks` steady ticks and the
 * failover tick, each less a no-op. `v8Flags` go to V8 (e.g. `--no-lazy`, which Cloudflare does not set:
 * for working out what compilation costs). With `prime`, the isolate primes its tick path as it starts,
 * as the Worker does.
 */
export async function workerdRun(
  bin: string,
  ticks: number,
  options: { v8Flags?: readonly string[]; prime?: boolean } = {},
): Promise<WorkerdRun> {
  const dir = mkdtempSync(join(tmpdir(), 'twinplane-bench-workerd-'));
  const port = await freePort();
  const prime = options.prime ?? false;
  await prepare(dir, port, options.v8Flags ?? [], prime);
  let child: ChildProcess | undefined;
  try {
    child = spawn(bin, ['serve', join(dir, 'config.capnp')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d;
    });
    const pid = child.pid!;
    const get = async (step: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/${step}`);
      const body = await res.text();
      if (!res.ok) throw new Error(`workerd /${step}: ${res.status} ${body}`);
      return body;
    };
    const measured = async (step: string) => {
      const before = cpuNs(pid);
      const body = await get(step);
      return { ms: (cpuNs(pid) - before) / 1e6, body };
    };
    for (let i = 0; ; i++) {
      try {
        await get('noop');
        break;
      } catch (error) {
        if (i >= 100 || child.exitCode !== null) throw new Error(`workerd did not start: ${stderr || error}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const startMs = cpuNs(pid) / 1e6;
    const primed = JSON.parse(await get('primed')) as { ticks: number; transitions: number } | null;
    if (prime && !(primed?.ticks === 3 && primed.transitions > 0))
      throw new Error(`workerd: the isolate did not prime its tick path: ${JSON.stringify(primed)}`);
    const noops: number[] = [];
    for (let i = 0; i < ticks; i++) noops.push((await measured('noop')).ms);
    const noop = median(noops);
    const first = (await measured('first')).ms - noop;
    const secondFirst = (await measured('second')).ms - noop;
    const steady: number[] = [];
    for (let i = 0; i < ticks; i++) steady.push((await measured('tick')).ms - noop);
    await get('down');
    let failover = Number.NaN;
    for (let i = 0; i < 5 && Number.isNaN(failover); i++) {
      const { ms, body } = await measured('tick');
      if ((JSON.parse(body) as { transitions: number }).transitions > 0) failover = ms - noop;
    }
    return {
      startMs,
      noopMs: noop,
      firstMs: first,
      secondFirstMs: secondFirst,
      steadyMs: median(steady),
      failoverMs: failover,
    };
  } finally {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
