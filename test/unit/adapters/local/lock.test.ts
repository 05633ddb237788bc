/**
 * The state directory's lock across real processes: one holder at a time while several recover a
 * stale lock at once, a lock left by a killed process taken over at once, a live holder named, and a
 * release that never removes a lock another process holds.
 */
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withLock } from '../../../../functions/adapters/local/file-store';
import { LockHeldError } from '../../../../functions/adapters/local/lock';
import { type Child, deadPid, startChild } from '../../../helpers/children';

const contender = new URL('../../../helpers/lock-contender.ts', import.meta.url).pathname;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function stateDir() {
  const dir = await mkdtemp(join(tmpdir(), 'twinplane-lock-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function children(dir: string, count: number): Promise<Child[]> {
  const started = Array.from({ length: count }, () => startChild(contender, [dir]));
  cleanup.push(async () => void (await Promise.all(started.map((c) => c.kill()))));
  await Promise.all(started.map((c) => c.next<{ ready?: boolean }>((m) => m.ready === true)));
  return started;
}

/** A lock as a holder that died a minute ago would have left it. */
async function plantStale(dir: string, token: string) {
  const lock = join(dir, '.lock');
  const owner = { pid: deadPid(), token, host: hostname(), acquiredAt: Date.now() - 60_000 };
  await writeFile(lock, JSON.stringify(owner));
  const past = new Date(Date.now() - 60_000);
  await utimes(lock, past, past);
}

describe('state lock across processes', () => {
  it('gives a stale lock to exactly one of the processes recovering it at once', async () => {
    const dir = await stateDir();
    const racers = await children(dir, 5);
    const most: number[] = [];
    for (let round = 0; round < 8; round++) {
      await plantStale(dir, `stale-${round}`);
      const answers = racers.map((c) => c.next<{ round?: number; most: number }>((m) => m.round === round));
      for (const c of racers) c.send({ round });
      most.push(...(await Promise.all(answers)).map((a) => a.most));
    }
    expect(Math.max(...most)).toBe(1);
    await expect(readFile(join(dir, '.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);

  it('takes over at once a lock whose holder was killed with -9', async () => {
    const dir = await stateDir();
    const [holder] = await children(dir, 1);
    holder!.send({ hold: true });
    await holder!.next<{ holding?: boolean }>((m) => m.holding === true);
    await holder!.kill('SIGKILL');
    const owner = await withLock(
      dir,
      async () => JSON.parse(await readFile(join(dir, '.lock'), 'utf8')) as { pid: number },
      { waitMs: 0 },
    );
    expect(owner.pid).toBe(process.pid);
  }, 30_000);

  it('names a live holder instead of taking its lock', async () => {
    const dir = await stateDir();
    const [holder] = await children(dir, 1);
    holder!.send({ hold: true });
    await holder!.next<{ holding?: boolean }>((m) => m.holding === true);
    let ran = false;
    const error = await withLock(
      dir,
      async () => {
        ran = true;
      },
      { waitMs: 0 },
    ).catch((e: unknown) => e);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as Error).message).toContain(`pid ${holder!.process.pid}`);
  }, 30_000);
});

describe('state lock release', () => {
  it('never removes a lock that another holder took over', async () => {
    const dir = await stateDir();
    const lock = join(dir, '.lock');
    const other = { pid: process.pid, token: 'the-next-holder', host: hostname(), acquiredAt: Date.now() };
    await withLock(dir, async () => {
      // This holder's lease ran out; another process recovered the lock and holds it now.
      await rm(lock);
      await writeFile(lock, JSON.stringify(other));
    });
    expect(JSON.parse(await readFile(lock, 'utf8'))).toEqual(other);
  });

  it('is re-entrant within one call chain and leaves nothing behind', async () => {
    const dir = await stateDir();
    const inner = await withLock(dir, () => withLock(dir, async () => 'inner', { waitMs: 0 }));
    expect(inner).toBe('inner');
    expect(await readdir(dir)).toEqual([]);
  });
});
