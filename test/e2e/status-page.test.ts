/**
 * The local plane's status page in a real headless browser (Debian's chromium): the DOM it renders and
 * a screenshot of it, after a failover, so what an operator sees is what the state says.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../functions/adapters/metrics/memory';
import { type MetricsServer, startMetricsServer } from '../../functions/adapters/metrics/server';
import { renderStatusPage } from '../../functions/adapters/status-page/render';
import { parseConfig } from '../../functions/core/config/validate';
import { demoConfig } from '../../functions/local/demo';
import { type Origin, startOrigin } from '../../functions/local/origins';
import { type LocalPlane, startLocalPlane } from '../../functions/local/plane';
import { countColour, decodePng } from '../helpers/png';

const run = promisify(execFile);

async function findChromium(): Promise<string> {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const { stdout } = await run('sh', ['-c', `command -v ${name}`]);
      if (stdout.trim()) return stdout.trim();
    } catch {}
  }
  throw new Error("no chromium on PATH: run infra/test-deps.sh (installs Debian's chromium)");
}

const browserFlags = (profile: string) => [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--hide-scrollbars',
  `--user-data-dir=${profile}`,
];

let dir: string;
let primary: Origin;
let secondary: Origin;
let plane: LocalPlane;
let server: MetricsServer;
let chromium: string;
beforeAll(async () => {
  chromium = await findChromium();
  dir = await mkdtemp(join(tmpdir(), 'twinplane-page-'));
  primary = await startOrigin('primary');
  secondary = await startOrigin('secondary');
  await primary.down();
  plane = await startLocalPlane({
    config: parseConfig(demoConfig(primary.url, secondary.url, 1_000)),
    stateDir: join(dir, 'state'),
    dnsPort: 0,
  });
  // failureThreshold 3 in the demo config: the third round moves the record.
  for (let i = 0; i < 3; i++) await plane.tick({ probeAll: true });
  server = await startMetricsServer(new MemoryMetrics(), 0, '127.0.0.1', async () => {
    const { status, history } = await plane.status();
    return renderStatusPage(status, history);
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await plane?.close();
  await primary?.close();
  await secondary?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('status page in a browser', () => {
  it('renders the record on its new pool, the failing check per vantage and the transition', async () => {
    const url = `http://127.0.0.1:${server.port}/`;
    const { stdout: dom } = await run(
      chromium,
      [...browserFlags(join(dir, 'profile-dom')), '--dump-dom', url],
      { timeout: 90_000, maxBuffer: 8 << 20 },
    );
    expect(dom).toContain('<h1>twinplane status</h1>');
    expect(dom).toMatch(
      /<td>app\.example\.test\/A<\/td><td><span class="pool">secondary<\/span><\/td><td>1<\/td>/,
    );
    expect(dom).toMatch(/failover primary → secondary at .* by local/);
    expect(dom).toContain('<span class="unhealthy">unhealthy</span>');
    expect(dom).toContain('<span class="healthy">healthy</span>');
  }, 120_000);

  it('a screenshot shows the page with the unhealthy check in red and the healthy one in green', async () => {
    const file = join(dir, 'status.png');
    await run(
      chromium,
      [
        ...browserFlags(join(dir, 'profile-shot')),
        `--screenshot=${file}`,
        '--window-size=1100,900',
        `http://127.0.0.1:${server.port}/`,
      ],
      { timeout: 90_000 },
    );
    const image = decodePng(await readFile(file));
    if (process.env.TWINPLANE_KEEP_SCREENSHOT) await copyFile(file, process.env.TWINPLANE_KEEP_SCREENSHOT);
    expect([image.width, image.height]).toEqual([1100, 900]);
    // The page's own colours: its background, the red of "unhealthy" and the green of "healthy".
    expect(countColour(image, [0xfa, 0xfb, 0xfc], 2)).toBeGreaterThan(image.width * image.height * 0.3);
    expect(countColour(image, [0xb3, 0x26, 0x1e], 30)).toBeGreaterThan(20);
    expect(countColour(image, [0x13, 0x6c, 0x2e], 30)).toBeGreaterThan(20);
  }, 120_000);
});
