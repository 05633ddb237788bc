/** The twinplane command's own surface: help per command, version, usage mistakes, defaults, completion. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { nearest } from '../../functions/local/args';
import { main } from '../../functions/local/cli';
import { renderPlan } from '../../functions/local/commands/manual';
import { demoConfig } from '../../functions/local/demo';
import { COMMANDS, optionNames } from '../../functions/local/help';
import { plain } from '../../functions/local/render';
import { cli } from '../helpers/cli';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/twinplane.js');

/** Runs the installed entry point in `cwd`, for what depends on the working directory. */
async function binary(cwd: string, ...argv: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...argv], { cwd, timeout: 30_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinplane-usage-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('help', () => {
  it.each(Object.keys(COMMANDS).filter((c) => c !== 'zone'))(
    '%s --help shows that command, not the global help',
    async (command) => {
      const { code, out } = await cli(command, '--help');
      expect(code).toBe(0);
      expect(out).toContain(`usage: twinplane ${COMMANDS[command]!.synopsis}`);
      expect(out).not.toContain('commands:');
      for (const option of optionNames(command).filter((o) => o !== '--help')) expect(out).toContain(option);
    },
  );

  it('aligns the description column of every options table', async () => {
    const { out } = await cli('failover', '--help');
    const rows = out.split('\n').filter((l) => /^ {2}--/.test(l));
    // Each table's descriptions start in one column: the left part padded to the widest option.
    const column = (l: string) => /^ {2}\S+(?: \S+)*? {2,}/.exec(l)![0].length;
    expect(rows.slice(0, 3).map(column)).toEqual([17, 17, 17].map(() => column(rows[0]!)));
    expect(new Set(rows.slice(3).map(column)).size).toBe(1);
  });

  it('help COMMAND is the command help; --version prints the package version', async () => {
    expect((await cli('help', 'pin')).out).toContain('usage: twinplane pin RECORD --pool P');
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await cli('--version')).toMatchObject({ code: 0, out: pkg.version });
  });
});

describe('usage mistakes', () => {
  it('no command at all is a usage error (exit 2) with the command list on stderr', async () => {
    const { code, out, err } = await cli();
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('commands:');
  });

  it('an unknown option is one short message naming the nearest option', async () => {
    const { code, err } = await cli('failover', 'app.example.com', '--pol', 'b');
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe('failover: unknown option --pol; did you mean --pool?');
    expect(err).not.toContain('commands:');
    expect(err.split('\n').length).toBeLessThanOrEqual(3);
  });

  it('an unknown command names the nearest command', async () => {
    expect((await cli('stauts')).err).toContain('did you mean status?');
  });

  it('nearest keeps far-off words to itself', () => {
    expect(nearest('--frobnicate', ['--pool', '--force'])).toBeUndefined();
    expect(nearest('--forse', ['--pool', '--force'])).toBe('--force');
    expect(nearest('--dry', ['--dry-run', '--json'])).toBe('--dry-run');
  });
});

describe('defaults', () => {
  it('validate and status read ./twinplane.yaml when no file is named', async () => {
    const cwd = await mkdtemp(join(dir, 'cwd-'));
    const missing = await binary(cwd, 'validate');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no ./twinplane.yaml here');
    await writeFile(
      join(cwd, 'twinplane.yaml'),
      stringify(demoConfig('http://127.0.0.1:9/a', 'http://127.0.0.1:9/b', 1_000)),
    );
    const valid = await binary(cwd, 'validate');
    expect(valid).toMatchObject({ code: 0, out: expect.stringContaining('twinplane.yaml: valid') });
    const status = await binary(cwd, 'status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out).records[0].record).toBe('app.example.test/A');
  }, 90_000);
});

describe('plan', () => {
  it('a plan that could not read a provider says so in its headline, not "No changes"', () => {
    const lines = renderPlan(
      [
        {
          record: 'app.example.com/A',
          activePool: 'primary',
          epoch: 0,
          decision: 'stay',
          reason: '',
          committed: false,
          providers: [
            { provider: 'cloudflare', zone: '', changes: [], applied: false, error: 'no token' },
            { provider: 'route53', zone: 'Z1', changes: [], applied: false },
          ],
        },
      ],
      [],
      plain,
    );
    expect(lines[0]).toContain('Plan incomplete: could not read or plan cloudflare');
    expect(lines.join('\n')).not.toContain('No changes');
  });
});

describe('apply', () => {
  it.each([
    ['in a pipe without --yes', undefined],
    ['declined at the prompt', async () => false],
  ])('applies nothing and exits 1 %s', async (_how, confirm) => {
    const file = join(dir, 'apply.yaml');
    await writeFile(file, stringify(demoConfig('http://127.0.0.1:9/a', 'http://127.0.0.1:9/b', 1_000)));
    const state = join(dir, `apply-state-${confirm ? 'tty' : 'pipe'}`);
    const err: string[] = [];
    const code = await main(['apply', '--config', file, '--state', state], {
      out: () => {},
      err: (l) => err.push(l),
      isTTY: false,
      ...(confirm ? { confirm } : {}),
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('nothing applied');
    const history = await cli('history', '--config', file, '--state', state, '--json');
    expect(JSON.parse(history.out)).toEqual([]);
  });
});

describe('completion', () => {
  it.each(['bash', 'zsh'])('%s completion lists every command and its options', async (shell) => {
    const { code, out } = await cli('completion', shell);
    expect(code).toBe(0);
    for (const command of Object.keys(COMMANDS)) expect(out).toContain(command);
    expect(out).toContain('--dry-run');
  });

  it('the bash script loads in bash and completes a command and an option', async () => {
    const script = (await cli('completion', 'bash')).out;
    const file = join(dir, 'completion.bash');
    await writeFile(file, script);
    const probe = `source ${file}; COMP_WORDS=(twinplane fail); COMP_CWORD=1; _twinplane; echo "\${COMPREPLY[*]}"; COMP_WORDS=(twinplane failover --po); COMP_CWORD=2; _twinplane; echo "\${COMPREPLY[*]}"`;
    const { stdout } = await run('bash', ['-c', probe], { timeout: 10_000 });
    expect(stdout.split('\n')).toEqual(['failover failback', '--pool', '']);
  });

  it('an unknown shell is a usage error', async () => {
    expect((await cli('completion', 'fish')).code).toBe(2);
  });
});
