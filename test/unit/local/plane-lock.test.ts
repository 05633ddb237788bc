/**
 * The local plane and its state directory's lock: a tick writes a provider only holding the lock (a
 * lock a killed process left is taken over first), writes nothing while a live process holds it, and
 * a second plane on the same directory is refused.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config/validate';
import { demoConfig } from '../../../functions/local/demo';
import { type LocalPlane, type LocalPlaneOptions, startLocalPlane } from '../../../functions/local/plane';
import { type Child, startChild } from '../../helpers/children';
import { ScriptedProber, VirtualClock } from '../../helpers/fakes';

const contender = new URL('../../helpers/lock-contender.ts', import.meta.url).pathname;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function stateDir() {
  const dir = await mkdtemp(join(tmpdir(), 'twinplane-plane-lock-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function holder(dir: string): Promise<Child> {
  const child = startChild(contender, [dir]);
  cleanup.push(() => child.kill());
  await child.next<{ ready?: boolean }>((m) => m.ready === true);
  child.send({ hold: true });
  await child.next<{ holding?: boolean }>((m) => m.holding === true);
  return child;
}

let probes: ScriptedProber;
async function plane(dir: string, options: Partial<LocalPlaneOptions> = {}) {
  probes = new ScriptedProber();
  const started = await startLocalPlane({
    config: parseConfig(demoConfig('http://127.0.0.1:1/', 'http://127.0.0.1:2/', 1_000)),
    stateDir: dir,
    dnsPort: 0,
    prober: probes,
    clock: new VirtualClock(),
    ...options,
  });
  cleanup.push(() => started.close());
  return started;
}

/** Records, at every write to the local zone, which pid holds the state lock. */
function lockAtWrites(p: LocalPlane, dir: string): (number | undefined)[] {
  const seen: (number | undefined)[] = [];
  const apply = p.zone.apply.bind(p.zone);
  p.zone.apply = async (zone, changes) => {
    const text = await readFile(join(dir, '.lock'), 'utf8').catch(() => undefined);
    seen.push(text === undefined ? undefined : (JSON.parse(text) as { pid: number }).pid);
    return apply(zone, changes);
  };
  return seen;
}

describe('local plane state lock', () => {
  it('takes over a lock left by a killed process before it writes any provider, and commits', async () => {
    const dir = await stateDir();
    const p = await plane(dir);
    const seen = lockAtWrites(p, dir);
    probes.set('primary-health', false);
    await p.tick({ probeAll: true });
    await p.tick({ probeAll: true });
    // The failure threshold is met on the next tick; a process holding the lock is killed before it.
    await (await holder(dir)).kill('SIGKILL');
    seen.length = 0;
    const report = await p.tick({ probeAll: true });
    expect(seen).toEqual([process.pid]);
    expect(report.events.filter((e) => e.type === 'commit-failed')).toEqual([]);
    expect(report.records[0]).toMatchObject({
      decision: 'transition',
      activePool: 'secondary',
      committed: true,
    });
    expect((await p.store.loadRecords()).get('app.example.test/A')?.value.activePool).toBe('secondary');
  }, 30_000);

  it('writes nothing while another live process holds the lock, and says so', async () => {
    const dir = await stateDir();
    const other = await holder(dir);
    const p = await plane(dir, { lockWaitMs: 0 });
    const seen = lockAtWrites(p, dir);
    const report = await p.tick({ probeAll: true });
    expect(seen).toEqual([]);
    expect(report.events).toContainEqual(
      expect.objectContaining({
        type: 'commit-failed',
        reason: expect.stringContaining(
          `nothing written: ${join(dir, '.lock')} is held by pid ${other.process.pid}`,
        ),
      }),
    );
    await expect(readFile(join(dir, 'zones.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 30_000);

  it('refuses a second plane on the same state directory, naming the holder', async () => {
    const dir = await stateDir();
    const first = await plane(dir);
    await expect(plane(dir)).rejects.toThrow(
      `state directory ${dir} is in use by another twinplane plane (pid ${process.pid}`,
    );
    await first.close();
    const second = await plane(dir);
    expect((await second.tick({ probeAll: true })).records[0]?.providers[0]).toMatchObject({ applied: true });
  });
});
