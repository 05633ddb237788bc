/**
 * Proves the Worker bundles offline: runs `wrangler deploy --dry-run` (which runs the config build
 * step) into dist/worker/bundle, prints the bundle's size, raw and gzip, and exits 1 when the gzip size
 * is above its budget, so a change that grows the bundle fails `npm test`. TWINPLANE_CONFIG defaults
 * to examples/twinplane.yaml here, so CI needs no private config.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

// Absolute: wrangler resolves a relative --outdir against the config's folder for some files only.
const OUT = resolve('dist/worker/bundle');
/**
 * gzip bytes the bundle may reach: a ratchet about 10 KiB above today's size (67 KiB, measured with
 * `npm run build:worker`; the goal is 150 KiB). The config schema and full zod stay out of it (the Worker
 * loads the config validated at build time), and so do the AWS SDK clients (Route 53 and DynamoDB go
 * over signed fetch, adapters/aws-fetch). Lower it whenever the bundle shrinks.
 */
const WORKER_BUDGET_GZIP = 78 * 1024;
const config = process.env.TWINPLANE_CONFIG || 'examples/twinplane.yaml';

const run = spawnSync(
  'npx',
  ['wrangler', 'deploy', '-c', 'infra/wrangler.jsonc', '--dry-run', '--outdir', OUT],
  { stdio: 'inherit', env: { ...process.env, TWINPLANE_CONFIG: config, WRANGLER_SEND_METRICS: 'false' } },
);
if (run.status !== 0) process.exit(run.status ?? 1);

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
let raw = 0;
let gzip = 0;
for (const name of readdirSync(OUT)) {
  if (!/\.(m?js|wasm)$/.test(name)) continue;
  const path = join(OUT, name);
  raw += statSync(path).size;
  gzip += gzipSync(readFileSync(path), { level: 9 }).length;
}
process.stdout.write(
  `twinplane worker bundle (dist/worker/bundle): ${kib(raw)} raw, ${kib(gzip)} gzip (budget ${kib(WORKER_BUDGET_GZIP)})\n`,
);
if (gzip > WORKER_BUDGET_GZIP) {
  process.stderr.write(
    `twinplane: the Worker bundle is ${kib(gzip)} gzip, over its budget of ${kib(WORKER_BUDGET_GZIP)} (infra/worker/bundle.ts)\n`,
  );
  process.exit(1);
}
