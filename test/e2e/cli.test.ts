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

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

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
    [['history', '--limit', 'zero']],
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
    expect(status.checks['primary-health'].last).toContain('status 200');
    expect((await cli('history', '--state', state)).out).toBe('no transitions recorded');
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
      const code = await main(
        ['run', '--config', join(dir, 'notify.yaml'), '--state', state, '--dns-port', '0', '--once'],
        { out: () => {}, err: () => {}, isTTY: false, env },
      );
      expect(code).toBe(0);
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
