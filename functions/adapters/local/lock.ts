/**
 * An owned lock file for the local plane's state directory. The file holds {pid, token, host,
 * acquiredAt} and appears whole, by link(2) of a written temporary file (which fails if the lock
 * exists). It is stale only when its pid is dead on this host or its lease (the file's mtime, renewed
 * by the holder) has run out. Whoever removes a lock, its holder releasing or another process
 * recovering a stale one, first links it to a name made of the lock's token: only one link succeeds,
 * and the linked file's content proves which lock it was, so no process ever removes a lock it did
 * not judge, and two recoveries of one stale lock cannot both go ahead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { link, open, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../../core/errors';

export interface LockOwner {
  pid: number;
  token: string;
  host: string;
  acquiredAt: number;
}

export interface LockOptions {
  /** A lock its holder has not renewed for this long is stale, even with its pid alive. Default 30 s. */
  leaseMs?: number;
  /** How long to wait for a live holder before giving up; 0 tries once. Default 30 s. */
  waitMs?: number;
}

export interface HeldLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Throws StoreError unless the lock file is still this holder's. */
  verify(): Promise<void>;
  /** Removes the lock if it is still this holder's; never another's. */
  release(): Promise<void>;
}

/** Thrown when a live holder keeps the lock past the wait; names the holder. */
export class LockHeldError extends StoreError {
  constructor(
    readonly path: string,
    readonly holder: LockOwner | undefined,
  ) {
    super(
      `${path} is held by ${holder ? `pid ${holder.pid} on ${holder.host} since ${new Date(holder.acquiredAt).toISOString()}` : 'another process'}`,
      { retryable: true },
    );
  }
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_WAIT_MS = 30_000;

interface Seen {
  /** The lock's identity: its token, or for a file that is not one of ours, its inode and mtime. */
  id: string;
  owner: LockOwner | undefined;
  mtimeMs: number;
  ctimeMs: number;
  directory: boolean;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

function parseOwner(text: string): LockOwner | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    return typeof v.pid === 'number' && typeof v.token === 'string' && typeof v.host === 'string'
      ? { pid: v.pid, token: v.token, host: v.host, acquiredAt: Number(v.acquiredAt) || 0 }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the lock's owner and times from one open file, so both describe the same lock. */
async function inspect(path: string): Promise<Seen | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined;
    if (code(error) !== 'EISDIR') throw error;
    // A lock directory left by an older release (Windows cannot open one at all).
    const s = await stat(path).catch(() => undefined);
    return (
      s && { id: 'directory', owner: undefined, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, directory: true }
    );
  }
  try {
    const s = await handle.stat();
    if (s.isDirectory())
      return { id: 'directory', owner: undefined, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, directory: true };
    const owner = parseOwner(await handle.readFile('utf8'));
    const id = owner?.token ?? `x${s.ino}-${Math.trunc(s.mtimeMs)}`;
    return { id, owner, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, directory: false };
  } finally {
    await handle.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) === 'EPERM';
  }
}

function isStale(seen: Seen, leaseMs: number, now: number): boolean {
  if (seen.owner && seen.owner.host === hostname() && !alive(seen.owner.pid)) return true;
  return now - seen.mtimeMs > leaseMs;
}

/**
 * Removes the lock at `path` if it is still the one identified by `id`: links it to a name made of
 * the id (exclusive), checks the linked file is that lock, and only then unlinks the lock.
 */
async function removeIf(path: string, id: string, leaseMs: number): Promise<'removed' | 'other' | 'busy'> {
  const claim = `${path}.${id}.rm`;
  try {
    await link(path, claim);
  } catch (error) {
    if (code(error) === 'ENOENT') return 'other';
    if (code(error) !== 'EEXIST') throw error;
    // A claim its maker never finished (killed between link and unlink) ages like a lock.
    const s = await stat(claim).catch(() => undefined);
    if (s && Date.now() - s.ctimeMs > leaseMs) await unlink(claim).catch(() => undefined);
    return 'busy';
  }
  try {
    const seen = await inspect(claim);
    if (seen?.id !== id) return 'other';
    await unlink(path);
    return 'removed';
  } finally {
    await unlink(claim).catch(() => undefined);
  }
}

async function recover(path: string, seen: Seen, leaseMs: number): Promise<void> {
  if (seen.directory) {
    // rmdir removes only an empty directory; our locks are files, so it never takes a live one.
    await rmdir(path).catch(() => undefined);
    return;
  }
  if ((await removeIf(path, seen.id, leaseMs)) === 'busy') await pause();
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));

/** Takes the lock at `path`, waiting up to `waitMs` for a live holder and recovering a stale one. */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const owner: LockOwner = {
    pid: process.pid,
    token: randomUUID(),
    host: hostname(),
    acquiredAt: Date.now(),
  };
  const draft = `${path}.${owner.token}.new`;
  await writeFile(draft, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      try {
        await link(draft, path);
        break;
      } catch (error) {
        if (code(error) !== 'EEXIST') throw error;
      }
      const seen = await inspect(path);
      if (!seen) continue;
      if (isStale(seen, leaseMs, Date.now())) await recover(path, seen, leaseMs);
      else if (Date.now() >= deadline) throw new LockHeldError(path, seen.owner);
      else await pause();
    }
  } finally {
    await unlink(draft).catch(() => undefined);
  }
  return holding(path, owner, leaseMs);
}

function holding(path: string, owner: LockOwner, leaseMs: number): HeldLock {
  let lost = false;
  // Renewal touches the file it has just read as ours, never a lock that replaced it.
  const renew = async () => {
    const handle = await open(path, 'r').catch(() => undefined);
    if (!handle) {
      lost = true;
      return;
    }
    try {
      if (parseOwner(await handle.readFile('utf8'))?.token !== owner.token) lost = true;
      else await handle.utimes(new Date(), new Date());
    } finally {
      await handle.close();
    }
  };
  const timer = setInterval(() => void renew().catch(() => undefined), Math.max(10, leaseMs / 3));
  timer.unref();
  return {
    path,
    owner,
    async verify() {
      const seen = lost ? undefined : await inspect(path);
      if (seen?.id !== owner.token) {
        lost = true;
        throw new StoreError(`lost the lock ${path}: another process recovered it as stale`, {
          retryable: true,
        });
      }
    },
    async release() {
      clearInterval(timer);
      for (;;) {
        if ((await removeIf(path, owner.token, leaseMs)) !== 'busy') return;
        await pause();
      }
    },
  };
}

const held = new AsyncLocalStorage<ReadonlyMap<string, HeldLock>>();

/**
 * Runs `fn` holding the state directory's lock (`dir/.lock`). Re-entrant within one async call chain,
 * so a pass that holds the lock around apply and commit can commit through the store that takes it.
 */
export async function withLock<T>(
  dir: string,
  fn: (lock: HeldLock) => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const path = join(dir, '.lock');
  const outer = held.getStore();
  const mine = outer?.get(path);
  if (mine) return fn(mine);
  const lock = await acquireLock(path, options);
  try {
    return await held.run(new Map([...(outer ?? []), [path, lock]]), () => fn(lock));
  } finally {
    await lock.release();
  }
}
