/** The file store's commit is durable: the new file is synced before its rename, the directory after. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileStateStore } from '../../../../functions/adapters/local/file-store';
import type { RecordState } from '../../../../functions/core/types';

const steps: string[] = [];
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  const open: typeof fs.open = async (...args) => {
    const handle = await fs.open(...args);
    const path = String(args[0]);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      steps.push(`sync ${path}`);
      return sync();
    };
    return handle;
  };
  const rename: typeof fs.rename = async (from, to) => {
    steps.push(`rename ${String(to)}`);
    return fs.rename(from, to);
  };
  return { ...fs, default: { ...fs, open, rename }, open, rename };
});

let dir: string;
afterEach(async () => {
  steps.length = 0;
  await rm(dir, { recursive: true, force: true });
});

const state: RecordState = {
  record: 'app.example.test/A',
  activePool: 'secondary',
  epoch: 1,
  since: 0,
  reason: 'test',
  plane: 'local',
};

describe('FileStateStore commit', () => {
  it('syncs the new file, renames it over state.json, then syncs the directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'twinplane-store-'));
    const store = new FileStateStore(dir);
    await store.commit(state, 0);
    const file = join(dir, 'state.json');
    const at = steps.indexOf(`rename ${file}`);
    expect(at).toBeGreaterThan(0);
    expect(steps[at - 1]).toMatch(new RegExp(`^sync ${file}\\..*\\.tmp$`));
    expect(steps[at + 1]).toBe(`sync ${dir}`);
    expect((await store.loadRecords()).get(state.record)).toEqual({ value: state, version: 1 });
  });
});
