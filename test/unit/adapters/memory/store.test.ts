/**
 * The in-memory store hands out copies, as a real store does: what a load returns is the store's as of
 * that load, whatever the caller then does with it, and a later commit or a replaced record shows in
 * the next load.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../../functions/adapters/memory/store';
import type { RecordState } from '../../../../functions/core/types';

const state = (record: string, epoch: number, activePool = 'primary'): RecordState => ({
  record,
  activePool,
  epoch,
  since: 1_000 * epoch,
  reason: 'test',
  plane: 'aws',
});

describe('MemoryStateStore loads', () => {
  it('returns copies: changing a loaded record changes neither the store nor the next load', async () => {
    const store = new MemoryStateStore();
    await store.commit(state('a.example.com/A', 1), 0);
    const first = await store.loadRecords();
    const a = first.get('a.example.com/A')!;
    a.value.activePool = 'changed';
    a.version = 99;
    const again = await store.loadRecords();
    expect(again.get('a.example.com/A')).toEqual({ value: state('a.example.com/A', 1), version: 1 });
    expect(again.get('a.example.com/A')).not.toBe(a);
    expect(store.data.records['a.example.com/A']).toEqual({ value: state('a.example.com/A', 1), version: 1 });
  });

  it('shows a commit made after a load, and a record replaced in its data, in the next load', async () => {
    const store = new MemoryStateStore();
    await store.commit(state('a.example.com/A', 1), 0);
    await store.commit(state('b.example.com/A', 1), 0);
    expect((await store.loadRecords()).get('a.example.com/A')?.version).toBe(1);
    await store.commit(state('a.example.com/A', 2, 'secondary'), 1);
    store.data.records['b.example.com/A'] = { value: state('b.example.com/A', 5, 'tertiary'), version: 7 };
    const loaded = await store.loadRecords();
    expect(loaded.get('a.example.com/A')).toEqual({
      value: state('a.example.com/A', 2, 'secondary'),
      version: 2,
    });
    expect(loaded.get('b.example.com/A')).toEqual({
      value: state('b.example.com/A', 5, 'tertiary'),
      version: 7,
    });
    expect([...loaded.keys()]).toEqual(['a.example.com/A', 'b.example.com/A']);
  });
});
