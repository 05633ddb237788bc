import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as a user gets it: `npm pack`, installed from the tarball into an empty project, then
 * `npx twinplane` run there (the sources load through tsx from the installed files only).
 */
const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const npm = (args: string[], cwd: string) =>
  run('npm', args, { cwd, timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false' } });

let dir: string;
let app: string;
let files: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinplane-pack-'));
  const { stdout } = await npm(['pack', '--json', '--pack-destination', dir], root);
  const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  files = packed.files.map((f) => f.path);
  app = join(dir, 'app');
  await run('mkdir', ['-p', app]);
  await npm(['init', '-y'], app);
  await npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed.filename)], app);
}, 300_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const npx = (...args: string[]) =>
  run('npx', ['--no-install', 'twinplane', ...args], { cwd: app, timeout: 60_000 });

describe('npm package', () => {
  it('ships the command, its sources, the schema and the example, and no tests or dev tooling', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/twinplane.js',
        'functions/local/cli.ts',
        'schema/twinplane.schema.json',
        'examples/twinplane.yaml',
        'infra/container/Dockerfile',
      ]),
    );
    expect(files.filter((f) => /^(test|bench|\.ci)\//.test(f))).toEqual([]);
  });

  it('npx twinplane runs from the installed tarball: --version and validate', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    expect((await npx('--version')).stdout.trim()).toBe(pkg.version);
    const example = join(app, 'node_modules/twinplane/examples/twinplane.yaml');
    expect((await npx('validate', example)).stdout).toContain('valid (');
  }, 150_000);
});

describe('container image definition', () => {
  it('runs the installed package as a user without privileges, with a health check and listening beyond loopback', async () => {
    const text = await readFile(join(root, 'infra/container/Dockerfile'), 'utf8');
    const user = /^USER (\S+)$/m.exec(text)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(text).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(text).toMatch(/npm install --global .*twinplane-\*\.tgz/);
    expect(text).toMatch(/^CMD \[.*"--listen", "0\.0\.0\.0"\]$/m);
  });
});
