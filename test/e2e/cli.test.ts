/** The twinplane command: exit codes, validate, run --once, status, history and the demo. */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../functions/local/cli';
import { demoConfig } from '../../functions/local/demo';
import { type Origin, startOrigin } from '../../functions/local/origins';
import { cli } from '../helpers/cli';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

let dir: string;
let primary: Origin;
let secondary: Origin;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinplane-cli-'));
  primary = await startOrigin('primary');
  secondary = await startOrigin('secondary');
  await writeFile(join(dir, 'good.yaml'), stringify(demoConfig(primary.url, secondary.url, 1_000)));
});
afterAll(async () => {
  await primary.close();
  await secondary.close();
  await rm(dir, { recursive: true, force: true });
});

describe('twinplane CLI', () => {
  it.each([
    ['failover', '--help'],
    ['status', '-h'],
    ['run', '--help'],
    ['validate', '--help'],
  ])('%s %s prints the usage and exits 0', async (...argv) => {
    const result = await cli(...argv);
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining('usage:') });
  });

  it('validate exits 0 on a valid file', async () => {
    expect(await cli('validate', join(dir, 'good.yaml'))).toMatchObject({
      code: 0,
      out: expect.stringContaining('valid (1 record(s), 2 check(s))'),
    });
  });

  it('validate exits 1 listing every error, and --json gives them as data', async () => {
    const text = (await readFile(join(dir, 'good.yaml'), 'utf8'))
      .replace('192.0.2.10', '192.0.2.300')
      .replace('leader: local', 'leader: mars');
    await writeFile(join(dir, 'bad.yaml'), text);
    const { code, err } = await cli('validate', join(dir, 'bad.yaml'));
    expect(code).toBe(1);
    expect(err).toContain('2 error(s)');
    expect(err).toContain('records[0].pools[0].values[0]: "192.0.2.300" is not an IPv4 address');
    expect(err).toContain('planes.leader:');
    const json = JSON.parse((await cli('validate', join(dir, 'bad.yaml'), '--json')).out);
    expect(json.issues).toHaveLength(2);
  });

  it.each([
    [['frobnicate']],
    [['validate']],
    [['run']],
    [['validate', 'x.yaml', '--nope']],
    [['history', '--limit', 'zero', '--config', 'x.yaml']],
    [['failover']],
    [['status', '--plane', 'gcp']],
  ])('exits 2 on usage errors: %j', async (argv) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain('usage:');
  });

  it('run --once ticks, then status and history read the state', async () => {
    const state = join(dir, 'state');
    const once = await cli(
      'run',
      '--config',
      join(dir, 'good.yaml'),
      '--state',
      state,
      '--dns-port',
      '0',
      '--once',
    );
    expect(once.code).toBe(0);
    expect(once.out).toContain('app.example.test/A');
    const status = JSON.parse(
      (await cli('status', '--config', join(dir, 'good.yaml'), '--state', state, '--json')).out,
    );
    expect(status.records[0]).toMatchObject({
      record: 'app.example.test/A',
      activePool: 'primary',
      epoch: 0,
    });
    expect(status.vantages[0].checks['primary-health'].reason).toContain('status 200');
    expect((await cli('history', '--config', join(dir, 'good.yaml'), '--state', state)).out).toBe(
      'no transitions recorded',
    );
  });

  it('run notifies the configured webhook of a failover, signed with the secret from the environment', async () => {
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const down = await startOrigin('down');
    await down.down();
    const config = demoConfig(down.url, secondary.url, 1_000) as Record<string, unknown>;
    config.notify = [
      {
        webhook: {
          url: `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`,
          signingSecret: { secret: 'HOOK_KEY' },
        },
      },
    ];
    await writeFile(join(dir, 'notify.yaml'), stringify(config));
    const state = join(dir, 'notify-state');
    const env = { HOOK_KEY: 'k3y' };
    for (let i = 0; i < 3; i++) {
      const out: string[] = [];
      const code = await main(
        ['run', '--config', join(dir, 'notify.yaml'), '--state', state, '--dns-port', '0', '--once'],
        { out: (l) => out.push(l), err: (l) => out.push(l), isTTY: false, env },
      );
      expect({ code, out: code === 0 ? [] : out }).toEqual({ code: 0, out: [] });
    }
    await new Promise<void>((r) => hook.close(() => r()));
    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    expect(JSON.parse(body).title).toBe('app.example.test/A: failover primary -> secondary (epoch 1)');
    expect(headers['x-twinplane-signature']).toBe(
      `v1=${createHmac('sha256', 'k3y').update(`${headers['x-twinplane-timestamp']}.${body}`).digest('hex')}`,
    );
  });

  it('npm start runs the demo through a failover and a failback and exits 0', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(root, 'bin/twinplane.js'), 'demo', '--tick', '150ms'],
      { cwd: root, timeout: 30_000 },
    );
    expect(stdout).toContain('FAILOVER app.example.test/A: primary -> secondary');
    expect(stdout).toContain('FAILBACK app.example.test/A: secondary -> primary');
    expect(stdout).toContain('198.51.100.20');
    expect(stdout).toContain('demo complete');
  });
});

describe('manual actions on the local plane', () => {
  it('failover, status, history, pin, unpin and failback move the record and say so', async () => {
    const state = join(dir, 'manual-state');
    const config = join(dir, 'good.yaml');
    const plane = ['--config', config, '--state', state];
    expect((await cli('run', ...plane, '--dns-port', '0', '--once')).code).toBe(0);

    const over = await cli('failover', 'app.example.test', ...plane);
    expect(over.code).toBe(0);
    expect(over.out).toContain('app.example.test/A: secondary (epoch 1)');
    expect(over.out).toContain('applied to local');
    const zones = JSON.parse(await readFile(join(state, 'zones.json'), 'utf8'));
    expect(JSON.stringify(zones)).toContain('198.51.100.20');

    const status = await cli('status', ...plane);
    expect(status.out).toContain('active secondary  epoch 1');
    expect(status.out).toContain('last: manual-failover primary -> secondary');

    expect(
      (await cli('pin', 'app.example.test', '--pool', 'primary', '--until', '30m', ...plane)).out,
    ).toContain('primary (epoch 2)');
    const blocked = await cli('failover', 'app.example.test', ...plane);
    expect(blocked).toMatchObject({
      code: 1,
      err: expect.stringContaining('record: app.example.test/A is pinned to primary'),
    });
    expect((await cli('unpin', 'app.example.test', ...plane)).code).toBe(0);

    const bad = await cli('failover', 'app.example.test', '--pool', 'tertiary', ...plane);
    expect(bad).toMatchObject({
      code: 1,
      err: expect.stringContaining('pool: "tertiary" is not a pool of app.example.test/A'),
    });

    const history = await cli('history', ...plane);
    expect(history.out.split('\n').map((l) => l.split(' ')[2])).toEqual(['pin', 'manual-failover']);
  });

  it('plan shows no changes when in sync, and apply --yes runs a tick', async () => {
    const state = join(dir, 'apply-state');
    const plane = ['--config', join(dir, 'good.yaml'), '--state', state];
    const plan = await cli('plan', ...plane);
    expect(plan.out).toContain('Plan: 2 change(s)');
    expect(plan.out).toContain('+ local      app.example.test A 192.0.2.10 (ttl 300)');
    expect((await cli('apply', ...plane)).code).toBe(1);
    const applied = await cli('apply', '--yes', ...plane);
    expect(applied.code).toBe(0);
    expect((await cli('plan', ...plane)).out).toContain('No changes');
  });
});
