/**
 * The local zone's zones.json under the state directory's lock: each apply starts from the file as
 * another process left it, and none writes while another process holds the lock.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LockHeldError } from '../../../../functions/adapters/local/lock';
import { LocalZoneProvider } from '../../../../functions/adapters/local/zone';
import type { Change, RecordSet } from '../../../../functions/core/types';
import { startChild } from '../../../helpers/children';

const contender = new URL('../../../helpers/lock-contender.ts', import.meta.url).pathname;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function stateDir() {
  const dir = await mkdtemp(join(tmpdir(), 'twinplane-zone-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const zone = { id: 'example.test' };
const host = (name: string): RecordSet => ({ name, type: 'A', ttl: 60, values: ['192.0.2.1'] });
const create = (next: RecordSet): Change => ({ kind: 'create', role: 'record', record: next.name, next });
const names = async (dir: string) =>
  (JSON.parse(await readFile(join(dir, 'zones.json'), 'utf8')) as Record<string, RecordSet[]>)
    [zone.id]!.map((s) => s.name)
    .sort();

describe('LocalZoneProvider across processes', () => {
  it('applies on top of what another process wrote, never over it', async () => {
    const dir = await stateDir();
    // Two processes of the plane (a `run` and a manual command), each with the zone in memory.
    const running = new LocalZoneProvider(dir);
    const manual = new LocalZoneProvider(dir);
    await manual.apply(zone, [create(host('a.example.test'))]);
    expect((await running.read(zone)).map((s) => s.name)).toEqual(['a.example.test']);
    await running.apply(zone, [create(host('b.example.test'))]);
    expect(await names(dir)).toEqual(['a.example.test', 'b.example.test']);
  });

  it('does not write zones.json while another live process holds the lock', async () => {
    const dir = await stateDir();
    const child = startChild(contender, [dir]);
    cleanup.push(() => child.kill());
    await child.next<{ ready?: boolean }>((m) => m.ready === true);
    child.send({ hold: true });
    await child.next<{ holding?: boolean }>((m) => m.holding === true);
    const provider = new LocalZoneProvider(dir, { waitMs: 0 });
    await expect(provider.apply(zone, [create(host('a.example.test'))])).rejects.toBeInstanceOf(
      LockHeldError,
    );
    await expect(readFile(join(dir, 'zones.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 30_000);
});
