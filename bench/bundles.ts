/**
 * Bundle sizes from the project's own build scripts (npm run build:aws, npm run build:worker), raw and
 * gzip, and each Lambda's module-init time: importing the built handler in a fresh Node process.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Row, type Section, verdict } from './report';
import { kib, median, ms, round, runNode } from './stats';
import { unzip } from './unzip';

export interface BundleOptions {
  /** Fresh processes per Lambda for the init time. */
  runs: number;
  command: string;
}

const WORKER_LIMIT_BYTES = 150 * 1024;
const INIT_LIMIT_MS = 200;
const LAMBDAS = ['tick', 'control'] as const;
const gzip = (data: Buffer) => gzipSync(data, { level: 9 }).length;

function npmRun(script: string, args: string[]) {
  const run = spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  if (run.status !== 0) throw new Error(`npm run ${script} failed: ${run.stderr || run.stdout}`);
}

/** Wall and CPU ms to `import()` the module, measured inside a fresh Node process. */
const IMPORT_TIMER =
  'const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ ms: performance.now() - t, cpuMs: (u.user + u.system) / 1000 }) + "\\n"); process.exit(0);';

interface Init {
  ms: number;
  cpuMs: number;
}

async function initTimes(file: string, runs: number): Promise<Init[]> {
  const times: Init[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(
      await runNode<Init>(['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(file).href], {
        timeoutMs: 30_000,
      }),
    );
  }
  return times;
}

export async function bundleSection(options: BundleOptions): Promise<Section> {
  npmRun('build:aws', ['--config', 'examples/twinplane.yaml', '--quiet']);
  npmRun('build:worker', []);
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'twinplane-bench-init-'));
  try {
    for (const name of LAMBDAS) {
      const archive = readFileSync(`dist/aws/${name}.zip`);
      const files = unzip(archive);
      const entry = files.get('index.mjs');
      if (!entry) throw new Error(`dist/aws/${name}.zip holds no index.mjs`);
      let raw = 0;
      let zipped = 0;
      for (const [path, data] of files) {
        raw += data.length;
        zipped += gzip(data);
        mkdirSync(dirname(join(dir, name, path)), { recursive: true });
        writeFileSync(join(dir, name, path), data);
      }
      rows.push({
        section: 'bundles',
        figure: `Lambda \`${name}\` (dist/aws/${name}.zip: index.mjs and ${files.size - 1} lazy chunks)`,
        measured: `${kib(raw)} raw (${kib(entry.length)} index.mjs) · ${kib(zipped)} gzip · ${kib(archive.length)} zip`,
        values: { rawBytes: raw, entryBytes: entry.length, gzipBytes: zipped, zipBytes: archive.length },
        runs: 1,
        command: options.command,
      });
      const file = join(dir, name, 'index.mjs');
      const times = await initTimes(file, options.runs);
      const init = median(times.map((t) => t.ms));
      const cpu = median(times.map((t) => t.cpuMs));
      rows.push({
        section: 'bundles',
        figure: `Lambda \`${name}\` module init (import of the built handler)`,
        measured: `${ms(init)} wall · ${ms(cpu)} CPU`,
        values: { initMs: round(init, 1), initCpuMs: round(cpu, 1) },
        samples: { initMs: times.map((t) => round(t.ms, 1)), initCpuMs: times.map((t) => round(t.cpuMs, 1)) },
        runs: times.length,
        target: `<= ${INIT_LIMIT_MS} ms`,
        verdict: verdict(init <= INIT_LIMIT_MS, ms(init), '>', `${INIT_LIMIT_MS} ms`),
        command: options.command,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let raw = 0;
  let zipped = 0;
  for (const file of readdirSync('dist/worker/bundle').filter((f) => /\.(m?js|wasm)$/.test(f))) {
    const data = readFileSync(join('dist/worker/bundle', file));
    raw += data.length;
    zipped += gzip(data);
  }
  rows.push({
    section: 'bundles',
    figure: 'Worker (dist/worker/bundle, wrangler deploy --dry-run)',
    measured: `${kib(raw)} raw · ${kib(zipped)} gzip`,
    values: { rawBytes: raw, gzipBytes: zipped },
    runs: 1,
    target: `<= ${kib(WORKER_LIMIT_BYTES)} gzip`,
    verdict: verdict(zipped <= WORKER_LIMIT_BYTES, kib(zipped), '>', kib(WORKER_LIMIT_BYTES)),
    command: options.command,
  });
  return {
    id: 'bundles',
    title: 'Bundle sizes and Lambda module init',
    rows,
    notes: [
      'Built from `examples/twinplane.yaml` by `npm run build:aws -- --config examples/twinplane.yaml` (esbuild, minified, the AWS SDK included, zipped as `index.mjs`) and `npm run build:worker` (`wrangler deploy --dry-run`, minified). gzip is level 9; sizes are exact, so one build.',
      'Module init is the time to `import()` the built `index.mjs` in a fresh Node process, what Lambda runs in its init phase before the first event; the configuration is validated and the SDK clients are made at the first invocation, not here. Lambda reports init as wall time, so the target is held against wall time; CPU time is given beside it because it moves less with other load on a shared machine. Measured on this machine, not on a Lambda.',
    ],
  };
}
