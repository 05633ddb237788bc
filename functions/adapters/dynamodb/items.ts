/**
 * The table's items. One table, a partition per kind, so every read is one Query or GetItem:
 *
 * | item         | pk        | sk                              | attributes                                   |
 * |--------------|-----------|---------------------------------|----------------------------------------------|
 * | record state | `STATE`   | record key (`app.example.com/A`) | version, data (JSON), activePool, epoch      |
 * | transition   | `HISTORY` | `<record key>#<epoch, 10 digits>` | data (JSON), at, expiresAt (TTL, seconds)  |
 * | beacon       | `BEACON`  | plane (`aws`)                   | data (JSON), at                              |
 *
 * A transition's sort key is its id with a padded epoch, so "recorded once" is attribute_not_exists on
 * its key and a record's history is one Query, newest first. Every partition stays small: a state item
 * per managed record, a beacon per plane, and transitions that expire after the retention.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { StoreError } from '../../core/errors';
import type { Beacon, RecordState, Transition } from '../../core/types';

export type Item = Record<string, AttributeValue>;

export const PK = { state: 'STATE', history: 'HISTORY', beacon: 'BEACON' } as const;

export const historySk = (record: string, epoch: number) => `${record}#${String(epoch).padStart(10, '0')}`;

export const key = (pk: string, sk: string): Item => ({ pk: { S: pk }, sk: { S: sk } });

const n = (value: number): AttributeValue => ({ N: String(value) });
const s = (value: string): AttributeValue => ({ S: value });

export function stateItem(state: RecordState, version: number, now: number): Item {
  return {
    ...key(PK.state, state.record),
    version: n(version),
    data: s(JSON.stringify(state)),
    activePool: s(state.activePool),
    epoch: n(state.epoch),
    updatedAt: n(now),
  };
}

export function transitionItem(transition: Transition, ttlDays: number): Item {
  return {
    ...key(PK.history, historySk(transition.record, transition.epoch)),
    data: s(JSON.stringify(transition)),
    at: n(transition.at),
    expiresAt: n(Math.floor(transition.at / 1000) + ttlDays * 86_400),
  };
}

export function beaconItem(beacon: Beacon): Item {
  return { ...key(PK.beacon, beacon.plane), data: s(JSON.stringify(beacon)), at: n(beacon.at) };
}

export function numberOf(item: Item | undefined, name: string): number | undefined {
  const value = item?.[name]?.N;
  return value === undefined ? undefined : Number(value);
}

/** The JSON held in an item's `data`; a malformed item is a StoreError naming it, never a crash. */
export function dataOf<T>(item: Item): T {
  const text = item.data?.S;
  if (text === undefined)
    throw new StoreError(`item ${item.pk?.S}/${item.sk?.S} is malformed: no data attribute`, {
      retryable: false,
    });
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StoreError(`item ${item.pk?.S}/${item.sk?.S} is malformed: ${(error as Error).message}`, {
      retryable: false,
      cause: error,
    });
  }
}
