/**
 * The file store's commit is durable: the new file is synced before its rename, the directory after;
 * commitMany writes the file once for every record.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileStateStore } from '../../../../functions/adapters/local/file-store';
import { ConflictError } from '../../../../functions/core/errors';
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

  it('commits many records in one write of the file, failing only the one whose version moved', async () => {
    dir = await mkdtemp(join(tmpdir(), 'twinplane-store-'));
    const store = new FileStateStore(dir);
    await store.commit({ ...state, record: 'b.example.test/A' }, 0);
    steps.length = 0;
    const results = await store.commitMany(
      ['a', 'b', 'c'].map((r) => ({ next: { ...state, record: `${r}.example.test/A` }, expectedVersion: 0 })),
    );
    expect(results[0]).toBe(1);
    expect(results[1]).toBeInstanceOf(ConflictError);
    expect(results[2]).toBe(1);
    expect(steps.filter((s) => s.startsWith('rename'))).toHaveLength(1);
    expect([...(await store.loadRecords()).keys()].sort()).toEqual([
      'a.example.test/A',
      'b.example.test/A',
      'c.example.test/A',
    ]);
  });
});
