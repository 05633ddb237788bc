import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../functions/adapters/config-file';
import { wranglerArgs } from '../../../infra/worker/dev';
import { devPorts, withFakePort } from '../../../infra/worker/dev-ports';

const local = readFileSync(new URL('../../../infra/worker/local.yaml', import.meta.url), 'utf8');

describe('local Worker development ports', () => {
  it('moves the fake, the Worker and the checks of local.yaml together', () => {
    const ports = devPorts({ TWINPLANE_FAKE_PORT: '9100', TWINPLANE_WORKER_PORT: '9101' });
    expect(ports).toEqual({ fake: 9100, worker: 9101 });
    const args = wranglerArgs(ports);
    expect(args).toEqual(
      expect.arrayContaining(['--port', '9101', 'CLOUDFLARE_API_BASE_URL:http://127.0.0.1:9100/client/v4']),
    );
    const parsed = parseConfigText(withFakePort(local, ports.fake));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const urls = Object.values(parsed.config.checks).map((c) => (c.probe as { url?: string }).url);
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).toMatch(/^http:\/\/localhost:9100\//);
  });

  it('defaults to 8788 and 8787, and refuses a port that is not one', () => {
    expect(devPorts({})).toEqual({ fake: 8788, worker: 8787 });
    expect(withFakePort(local, 8788)).toBe(local);
    expect(() => devPorts({ TWINPLANE_FAKE_PORT: '70000' })).toThrow(
      'TWINPLANE_FAKE_PORT: "70000" is not a port',
    );
  });
});
