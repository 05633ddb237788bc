/**
 * `npm start`: a self-contained failover on embedded defaults. Two origins on loopback, the primary
 * stops answering, the plane fails over and the embedded DNS server answers with the secondary, the
 * primary comes back, and after the dwell the plane fails back. Ends by itself or on Ctrl-C.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDns } from '../adapters/local/dns-server';
import { parseConfig } from '../core/config/validate';
import { formatDuration } from '../core/duration';
import type { TickReport } from '../core/tick';
import { startOrigin } from './origins';
import { startLocalPlane } from './plane';
import { renderTick, type Style } from './render';

export interface DemoOptions {
  /** One tick; every other duration of the demo scales with it. Default 2 s. */
  tickMs?: number;
  dnsPort?: number;
  style: Style;
  write: (line: string) => void;
  signal?: AbortSignal;
}

export const DEMO_RECORD = 'app.example.test';

/** The embedded defaults: the same shape as a twinplane.yaml. */
export function demoConfig(primaryUrl: string, secondaryUrl: string, tickMs: number) {
  const ms = (n: number) => `${Math.round(n)}ms`;
  return {
    owner: 'twinplane-demo',
    planes: { leader: 'local', tickInterval: ms(tickMs) },
    providers: { local: { zone: 'example.test' } },
    checks: {
      'primary-health': {
        http: { url: primaryUrl, expectStatus: [200], bodyContains: 'ok' },
        timeout: ms(tickMs / 2),
        interval: ms(tickMs),
        failureThreshold: 3,
        successThreshold: 2,
      },
      'secondary-health': {
        http: { url: secondaryUrl, expectStatus: [200] },
        timeout: ms(tickMs / 2),
        interval: ms(tickMs),
        failureThreshold: 3,
        successThreshold: 2,
      },
    },
    records: [
      {
        name: DEMO_RECORD,
        type: 'A',
        providers: ['local'],
        ttl: { normal: 300, outage: 60 },
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: ['primary-health'] },
          { name: 'secondary', values: ['198.51.100.20'], checks: ['secondary-health'] },
        ],
        failback: { mode: 'auto', after: ms(tickMs * 5) },
      },
    ],
  };
}

export interface DemoResult {
  failedOver: boolean;
  failedBack: boolean;
  answers: string[];
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const tickMs = options.tickMs ?? 2_000;
  const { style, write } = options;
  const primary = await startOrigin('primary');
  const secondary = await startOrigin('secondary');
  const stateDir = await mkdtemp(join(tmpdir(), 'twinplane-demo-'));
  const config = parseConfig(demoConfig(primary.url, secondary.url, tickMs));
  const plane = await startLocalPlane({ config, stateDir, dnsPort: options.dnsPort ?? 0 });
  const port = plane.dns!.port;
  const controller = new AbortController();
  const abort = () => controller.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  const result: DemoResult = { failedOver: false, failedBack: false, answers: [] };

  write(style.bold('twinplane demo: one record, two pools, one local plane'));
  write(`  primary origin   ${primary.url}  announced as 192.0.2.10`);
  write(`  secondary origin ${secondary.url}  announced as 198.51.100.20`);
  write(`  embedded DNS     dig @127.0.0.1 -p ${port} ${DEMO_RECORD}`);
  write(`  state            ${stateDir}`);
  write(
    `  script: the primary stops answering after ${formatDuration(tickMs * 4)}, comes back once the failover ` +
      `happened, and failback follows after ${formatDuration(tickMs * 5)} of health.`,
  );
  write('');

  let ticks = 0;
  let recoverAt: number | undefined;
  const maxTicks = 40;
  const onTick = async (report: TickReport) => {
    ticks++;
    write(renderTick(report, style));
    const reply = await queryDns('127.0.0.1', port, DEMO_RECORD).catch((e: Error) => ({
      rcode: e.message,
      answers: [],
    }));
    const values = reply.answers.map((a) => String((a as { data?: unknown }).data));
    const answer = values.join(', ') || reply.rcode;
    result.answers.push(answer);
    write(`  ${'DNS answer'.padEnd(20)} ${style.bold(answer)}`);
    write('');
    for (const e of report.events) {
      if (e.type !== 'transition') continue;
      if (e.transition.kind === 'failover') {
        result.failedOver = true;
        recoverAt = ticks + 2;
      }
      if (e.transition.kind === 'failback') result.failedBack = true;
    }
    if (ticks === 4 && primary.up) {
      write(style.red('  >> the primary origin stops answering'));
      await primary.down();
    }
    if (recoverAt !== undefined && ticks === recoverAt && !primary.up) {
      write(style.green('  >> the primary origin answers again'));
      await primary.restore();
    }
    if (result.failedBack || ticks >= maxTicks) controller.abort();
  };
  try {
    await plane.run(controller.signal, onTick);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await plane.close();
    await primary.close();
    await secondary.close();
    await rm(stateDir, { recursive: true, force: true });
  }
  write(
    result.failedBack
      ? style.green('demo complete: failed over on the outage and failed back after recovery.')
      : style.yellow('demo stopped before the failback.'),
  );
  return result;
}
