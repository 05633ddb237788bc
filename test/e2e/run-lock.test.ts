/** One `twinplane run` per state directory: a second is refused naming the first; a killed one's place is taken. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoConfig } from '../../functions/local/demo';
import { type Origin, startOrigin } from '../../functions/local/origins';
import { cli } from '../helpers/cli';

const root = new URL('../..', import.meta.url).pathname;

let dir: string;
let primary: Origin;
let secondary: Origin;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinplane-run-lock-'));
  primary = await startOrigin('primary');
  secondary = await startOrigin('secondary');
  await writeFile(join(dir, 'plane.yaml'), stringify(demoConfig(primary.url, secondary.url, 1_000)));
});
afterAll(async () => {
  await primary.close();
  await secondary.close();
  await rm(dir, { recursive: true, force: true });
});

describe('twinplane run on a state directory in use', () => {
  it('refuses a second run naming the state directory and the pid, and takes over after kill -9', async () => {
    const state = join(dir, 'state');
    const args = ['--config', join(dir, 'plane.yaml'), '--state', state, '--dns-port', '0'];
    const first = spawn(process.execPath, [join(root, 'bin/twinplane.js'), 'run', ...args, '--json'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => first.once('exit', resolve));
    try {
      // Its first tick report says it holds the directory.
      await new Promise<void>((resolve, reject) => {
        first.stdout.on('data', (chunk: Buffer) => chunk.includes('"plane":"local"') && resolve());
        first.once('exit', (code) => reject(new Error(`twinplane run exited (${code})`)));
      });
      const second = await cli('run', ...args, '--once');
      expect(second.code).toBe(1);
      expect(second.err).toContain(`state directory ${state} is in use by another twinplane plane`);
      expect(second.err).toContain(`pid ${first.pid}`);
    } finally {
      first.kill('SIGKILL');
      await exited;
    }
    expect((await cli('run', ...args, '--once')).code).toBe(0);
  }, 60_000);
});
