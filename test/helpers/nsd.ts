/**
 * A real NSD secondary on a loopback port, configured to pull one zone by AXFR/IXFR from a primary and
 * to accept its NOTIFY, TSIG-signed. NSD comes from Debian's packages (infra/dns/install-secondary.sh).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export function nsdBinary(): string {
  for (const candidate of ['nsd', '/usr/sbin/nsd']) {
    if (spawnSync(candidate, ['-v'], { stdio: 'ignore' }).error === undefined) return candidate;
  }
  throw new Error(
    'nsd is not installed: the real-secondary tests need it. Run infra/dns/install-secondary.sh (as root), as .ci/run does.',
  );
}

/** A port free on 127.0.0.1 for both TCP and UDP at the time of asking. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

export interface NsdSecondary {
  port: number;
  log(): string;
  stop(): Promise<void>;
}

export async function startNsd(options: {
  dir: string;
  zone: string;
  primaryPort: number;
  key: { name: string; secret: string };
  /** Default: a free one. */
  port?: number;
}): Promise<NsdSecondary> {
  const binary = nsdBinary();
  const port = options.port ?? (await freePort());
  const { dir } = options;
  const conf = [
    'server:',
    `  ip-address: 127.0.0.1@${port}`,
    '  do-ip6: no',
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${dir}"`,
    '  database: ""',
    `  zonelistfile: "${dir}/zone.list"`,
    `  xfrdfile: "${dir}/xfrd.state"`,
    `  xfrdir: "${dir}"`,
    `  pidfile: "${dir}/nsd.pid"`,
    '  server-count: 1',
    '  verbosity: 2',
    'remote-control:',
    '  control-enable: no',
    'key:',
    `  name: ${options.key.name}`,
    '  algorithm: hmac-sha256',
    `  secret: "${options.key.secret}"`,
    'zone:',
    `  name: ${options.zone}`,
    `  zonefile: "${dir}/${options.zone}.zone"`,
    `  request-xfr: 127.0.0.1@${options.primaryPort} ${options.key.name}`,
    `  allow-notify: 127.0.0.1 ${options.key.name}`,
    '',
  ].join('\n');
  const file = join(dir, 'nsd.conf');
  await writeFile(file, conf);
  let output = '';
  const child: ChildProcess = spawn(binary, ['-d', '-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
