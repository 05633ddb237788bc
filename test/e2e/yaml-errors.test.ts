/** YAML that the parser accepts but cannot turn into data: every entry point answers with a line, never a stack. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../functions/adapters/config-file';
import { cli } from '../helpers/cli';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

const UNDEFINED_ALIAS = 'owner: acme\nrecords: *nowhere\n';
/** Nine levels of nine aliases each: 9^9 nodes if expanded. */
const LAUGHS = [
  'a: &a ["lol"]',
  ...Array.from({ length: 8 }, (_, i) => {
    const prev = String.fromCharCode(97 + i);
    const name = String.fromCharCode(98 + i);
    return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`;
  }),
].join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinplane-yaml-'));
  await writeFile(join(dir, 'alias.yaml'), UNDEFINED_ALIAS);
  await writeFile(join(dir, 'laughs.yaml'), LAUGHS);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('YAML that cannot become data', () => {
  it('an undefined alias is an issue with its line and column', () => {
    expect(parseConfigText(UNDEFINED_ALIAS, 'c.yaml')).toEqual({
      ok: false,
      issues: [{ path: 'c.yaml:2:10', message: expect.stringContaining('alias *nowhere names no anchor') }],
    });
  });

  it('the alias expansion limit is an issue with a line and column', () => {
    const result = parseConfigText(LAUGHS, 'c.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        path: expect.stringMatching(/^c\.yaml:\d+:\d+$/),
        message: expect.stringContaining('aliases expand'),
      },
    ]);
  });

  it.each(['alias.yaml', 'laughs.yaml'])('validate %s exits 1 naming the line', async (file) => {
    const result = await cli('validate', join(dir, file));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`${file}:\\d+:\\d+`));
  });

  it.each(['alias.yaml', 'laughs.yaml'])('validate --json %s prints JSON and exits 1', async (file) => {
    const result = await cli('validate', join(dir, file), '--json');
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.out);
    expect(parsed).toMatchObject({ ok: false, issues: [{ path: expect.stringContaining(file) }] });
  });

  it('the Worker build step names the line and prints no stack', async () => {
    const failed = await run('npx', ['tsx', 'infra/worker/build-config.ts'], {
      cwd: root,
      env: { ...process.env, TWINPLANE_CONFIG: join(dir, 'alias.yaml') },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('alias.yaml:2:10');
    expect(failed?.stderr).not.toMatch(/\n\s+at /);
  });
});
