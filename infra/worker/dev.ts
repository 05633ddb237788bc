/**
 * `npm run dev:worker`: the Worker under `wrangler dev --test-scheduled`, on infra/worker/local.yaml (or
 * $TWINPLANE_CONFIG), against the Cloudflare API fake of `npm run fake:cloudflare`, both on the ports of
 * dev-ports.ts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { devPorts, withFakePort } from './dev-ports';

export function wranglerArgs(ports: { fake: number; worker: number }, extra: readonly string[] = []) {
  return [
    'dev',
    '-c',
    'infra/wrangler.jsonc',
    '--test-scheduled',
    '--ip',
    '127.0.0.1',
    '--port',
    String(ports.worker),
    '--var',
    `CLOUDFLARE_API_BASE_URL:http://127.0.0.1:${ports.fake}/client/v4`,
    '--var',
    'CLOUDFLARE_API_TOKEN:local-cloudflare-token',
    '--var',
    'TWINPLANE_API_TOKEN:local-api-token',
    ...extra,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ports = devPorts(process.env);
  const source = process.env.TWINPLANE_CONFIG || 'infra/worker/local.yaml';
  const config = resolve('.wrangler/dev-config.yaml');
  mkdirSync('.wrangler', { recursive: true });
  writeFileSync(config, withFakePort(readFileSync(source, 'utf8'), ports.fake));
  process.stdout.write(
    `twinplane: the Worker on http://127.0.0.1:${ports.worker}, the API fake expected on 127.0.0.1:${ports.fake}\n`,
  );
  const child = spawn('npx', ['wrangler', ...wranglerArgs(ports, process.argv.slice(2))], {
    stdio: 'inherit',
    env: { ...process.env, TWINPLANE_CONFIG: config },
  });
  child.on('exit', (code) => process.exit(code ?? 1));
}
