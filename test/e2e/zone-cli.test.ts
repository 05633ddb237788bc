/** `twinplane zone`: export, import and diff through the CLI against the Route 53 and Cloudflare fakes and a local zone. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../functions/local/cli';
import { writeJson } from '../../functions/zone/json';
import { type FakeHarness, startFake, ZONE_ID } from '../fakes/cloudflare/harness';
import { fakeRoute53 } from '../helpers/aws-fakes';
import { everyType } from '../unit/zone/fixtures';

let dir: string;
let cf: FakeHarness;
let env: Record<string, string>;
const r53 = fakeRoute53([
  {
    Name: 'example.com.',
    Type: 'SOA',
    TTL: 900,
    ResourceRecords: [{ Value: 'ns-1.awsdns-01.org. hostmaster.example.com. 1 7200 900 1209600 86400' }],
  },
]);

async function cli(argv: string[], confirm?: (q: string) => Promise<boolean>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTTY: false,
    env,
    ...(confirm ? { confirm } : {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const config = () => ['--config', join(dir, 'twinplane.yaml')];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinplane-zone-'));
  cf = await startFake();
  env = { CF_TOKEN: cf.fake.token, CLOUDFLARE_API_BASE_URL: cf.baseURL };
  await writeFile(join(dir, 'backup.json'), writeJson(everyType));
  await writeFile(
    join(dir, 'twinplane.yaml'),
    stringify({
      owner: 'ops',
      providers: {
        route53: { hostedZoneId: 'Z0123456789ABC' },
        cloudflare: { zones: { 'example.com': ZONE_ID }, apiToken: { secret: 'CF_TOKEN' } },
        local: { zone: 'example.com' },
      },
      checks: { web: { http: { url: 'http://origin.example.test/health' } } },
      records: [
        {
          name: 'app.example.com',
          type: 'A',
          providers: ['route53', 'cloudflare'],
          pools: [
            { name: 'primary', values: ['192.0.2.10'], checks: ['web'] },
            { name: 'secondary', values: ['192.0.2.11'], checks: ['web'] },
          ],
        },
      ],
    }),
  );
});
afterAll(async () => {
  r53.mock.restore();
  await cf.server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('twinplane zone', () => {
  it.each([
    [['zone', 'frobnicate']],
    [['zone', 'export']],
    [['zone', 'export', '--from', 'gcp', '--zone-id', 'x']],
    [['zone', 'export', '--from', 'route53', '--format', 'yaml', '--zone-id', 'Z1']],
    [['zone', 'import', '--to', 'local']],
    [['zone', 'import', '--to', 'local', 'a.json', '--max-changes', 'lots']],
    [['zone', 'diff', '--from', 'route53']],
    [['zone', 'diff', '--from', 'route53', '--to', 'local', '--nope']],
    [['zone', 'export', '--from', 'route53']],
  ])('exits 2 on usage errors: %j', async (argv) => {
    const result = await cli(argv);
    expect(result).toMatchObject({ code: 2, err: expect.stringContaining('usage:') });
  });

  it('prints its usage with --help', async () => {
    expect(await cli(['zone', '--help'])).toMatchObject({
      code: 0,
      out: expect.stringContaining('zone diff'),
    });
  });

  it('imports a backup into Route 53 only with --yes or a confirmation, printing the plan first', async () => {
    const unconfirmed = await cli([
      'zone',
      'import',
      '--to',
      'route53',
      join(dir, 'backup.json'),
      ...config(),
    ]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.out).toContain('+ www.example.com/CNAME');
    expect(unconfirmed.err).toContain('pass --yes');
    expect(
      await cli(
        ['zone', 'import', '--to', 'route53', join(dir, 'backup.json'), ...config()],
        async () => false,
      ),
    ).toMatchObject({ code: 1 });
    expect(r53.zone.size).toBe(1);
    const asked: string[] = [];
    const applied = await cli(
      ['zone', 'import', '--to', 'route53', join(dir, 'backup.json'), ...config()],
      async (q) => {
        asked.push(q);
        return true;
      },
    );
    expect(applied).toMatchObject({
      code: 0,
      out: expect.stringContaining('applied 12 change(s) to route53:Z0123456789ABC'),
    });
    expect(asked).toEqual(['Apply 12 change(s) to route53:Z0123456789ABC?']);
  });

  it('refuses a plan over --max-changes, writing nothing', async () => {
    const result = await cli([
      'zone',
      'import',
      '--to',
      'local',
      join(dir, 'backup.json'),
      '--state',
      dir,
      '--zone-id',
      'example.com',
      '--zone',
      'example.com',
      '--max-changes',
      '3',
      '--yes',
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({
      ok: false,
      applied: 0,
      unsafe: ['11 record set changes exceed --max-changes (3)'],
    });
  });

  it('exports Route 53 as BIND and imports it into Cloudflare, reporting the alias it cannot hold', async () => {
    const file = join(dir, 'r53.zone');
    const exported = await cli([
      'zone',
      'export',
      '--from',
      'route53',
      '--format',
      'bind',
      '--out',
      file,
      ...config(),
    ]);
    expect(exported.code).toBe(0);
    expect(exported.err).toContain('1 Route 53 alias record set(s) as ";twinplane alias" comments');
    expect(await readFile(file, 'utf8')).toContain(';twinplane alias lb A 0 dualstack.lb.example.net.');
    const result = await cli(['zone', 'import', '--to', 'cloudflare', file, '--yes', '--json', ...config()]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ ok: true, applied: 11, counts: { create: 11, unsupported: 1, owned: 1 } });
    expect(report.entries).toContainEqual({
      id: 'lb.example.com/A',
      outcome: 'unsupported',
      message: expect.stringContaining('use a CNAME at the name; Cloudflare flattens it at the apex'),
    });
  });

  it('diff takes each zone id with its provider, not --zone-id', async () => {
    const result = await cli([
      'zone',
      'diff',
      '--from',
      'route53',
      '--to',
      'cloudflare',
      '--zone-id',
      'Z1',
      ...config(),
    ]);
    expect(result).toMatchObject({
      code: 2,
      err: expect.stringContaining('give each one as PROVIDER:ZONE-ID'),
    });
  });

  it('diff exits 1 on drift and 0 in sync, with --json as data', async () => {
    const drift = await cli([
      'zone',
      'diff',
      '--from',
      'route53',
      '--to',
      'cloudflare',
      '--json',
      ...config(),
    ]);
    expect(drift.code).toBe(1);
    expect(JSON.parse(drift.out)).toMatchObject({
      inSync: false,
      differences: [{ id: 'lb.example.com/A', kind: 'missing' }],
    });
    const json = await cli(['zone', 'export', '--from', 'cloudflare', ...config()]);
    await writeFile(join(dir, 'cf.json'), json.out);
    const local = ['--state', dir];
    expect(
      (await cli(['zone', 'import', '--to', 'local', join(dir, 'cf.json'), '--yes', ...local, ...config()]))
        .code,
    ).toBe(0);
    const inSync = await cli([
      'zone',
      'diff',
      '--from',
      'cloudflare',
      '--to',
      'local',
      ...local,
      ...config(),
    ]);
    expect(inSync).toMatchObject({ code: 0, out: 'cloudflare and local are in sync' });
    expect(
      (await cli(['zone', 'diff', '--from', join(dir, 'cf.json'), '--to', 'local', ...local, ...config()]))
        .code,
    ).toBe(0);
  });

  it('exits 1 with the reason when a provider cannot be reached', async () => {
    env = { ...env, CF_TOKEN: 'wrong' };
    const result = await cli(['zone', 'export', '--from', 'cloudflare', ...config()]);
    env = { ...env, CF_TOKEN: cf.fake.token };
    expect(result.code).toBe(1);
    expect(result.err).toContain('Authentication error');
  });
});
