/** The local plane writing a cloud provider: `run` and manual actions against the Cloudflare API fake. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../functions/local/cli';
import { type Origin, startOrigin } from '../../functions/local/origins';
import { type FakeHarness, startFake, ZONE_ID } from '../fakes/cloudflare/harness';

let h: FakeHarness;
let primary: Origin;
let secondary: Origin;
let dir: string;

beforeAll(async () => {
  h = await startFake();
  primary = await startOrigin('primary');
  secondary = await startOrigin('secondary');
  dir = await mkdtemp(join(tmpdir(), 'twinplane-cloud-'));
  await writeFile(
    join(dir, 'twinplane.yaml'),
    stringify({
      owner: 'onprem',
      planes: { leader: 'local' },
      providers: { cloudflare: { zoneId: ZONE_ID, apiToken: { secret: 'CLOUDFLARE_API_TOKEN' } } },
      checks: {
        'primary-health': { http: { url: primary.url }, interval: '1s', timeout: '500ms' },
        'secondary-health': { http: { url: secondary.url }, interval: '1s', timeout: '500ms' },
      },
      records: [
        {
          name: 'app.example.com',
          type: 'A',
          providers: ['cloudflare'],
          pools: [
            { name: 'primary', values: ['192.0.2.10'], checks: ['primary-health'] },
            { name: 'secondary', values: ['198.51.100.20'], checks: ['secondary-health'] },
          ],
        },
      ],
    }),
  );
});
afterAll(async () => {
  await h.server.close();
  await primary.close();
  await secondary.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ CLOUDFLARE_API_TOKEN: h.fake.token, CLOUDFLARE_API_BASE_URL: h.baseURL });
async function cli(...argv: string[]) {
  const out: string[] = [];
  const code = await main(argv, {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    isTTY: false,
    env: env(),
  });
  return { code, out: out.join('\n') };
}
const contents = () =>
  [...h.fake.zone(ZONE_ID).records.values()]
    .filter((r) => r.name === 'app.example.com')
    .map((r) => r.content);

describe('local plane on Cloudflare', () => {
  it('run creates the record with its marker, and a manual failover moves it', async () => {
    const plane = ['--config', join(dir, 'twinplane.yaml'), '--state', join(dir, 'state')];
    expect(await cli('run', ...plane, '--once')).toMatchObject({ code: 0 });
    expect(contents()).toEqual(['192.0.2.10']);
    expect(
      [...h.fake.zone(ZONE_ID).records.values()].some((r) => r.name === '_twinplane-a.app.example.com'),
    ).toBe(true);
    const moved = await cli('failover', 'app.example.com', ...plane);
    expect(moved).toMatchObject({ code: 0, out: expect.stringContaining('applied to cloudflare') });
    expect(contents()).toEqual(['198.51.100.20']);
  });

  it('says why when the token is missing, and writes nothing', async () => {
    const before = contents();
    const out: string[] = [];
    const code = await main(
      ['run', '--config', join(dir, 'twinplane.yaml'), '--state', join(dir, 'state2'), '--once'],
      {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
        isTTY: false,
        env: {},
      },
    );
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('set the environment variable CLOUDFLARE_API_TOKEN');
    expect(contents()).toEqual(before);
  });
});
