/**
 * The table's items. One table, a partition per kind, so every read is one Query or GetItem:
 *
 * | item         | pk        | sk                              | attributes                                   |
 * |--------------|-----------|---------------------------------|----------------------------------------------|
 * | record state | `STATE`   | record key (`app.example.com/A`) | version, data (JSON), activePool, epoch      |
 * | transition   | `HISTORY` | `<record key>#<epoch, 10 digits>` | data (JSON), at, expiresAt (TTL, seconds)  |
 * | beacon       | `BEACON`  | plane (`aws`)                   | data (JSON) or gz (gzipped JSON), at         |
 *
 * A transition's sort key is its id with a padded epoch, so "recorded once" is attribute_not_exists on
 * its key and a record's history is one Query, newest first. Every partition stays small: a state item
 * per managed record, a beacon per plane, and transitions that expire after the retention.
 *
 * A beacon lists every managed record (about 60 bytes each as JSON), so past a few thousand records it
 * would pass DynamoDB's 400 KB item limit (attribute names and values, strings in UTF-8). One that does
 * not fit as JSON is stored gzipped in a binary `gz` attribute instead;
 * one too large even then is refused with the sizes, before anything is written.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { StoreError } from '../../core/errors';
import type { Beacon, RecordState, Transition } from '../../core/types';
import { utf8Over } from '../encoding';

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

/** DynamoDB's item size limit: 400 KB, counted as attribute names plus values. */
export const MAX_ITEM_BYTES = 400 * 1024;
/** Room left for the item's keys, `at` and their names, well over what they take. */
const BEACON_OVERHEAD_BYTES = 1024;
const MAX_BEACON_BYTES = MAX_ITEM_BYTES - BEACON_OVERHEAD_BYTES;

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
  const out = new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/**
 * The beacon's item: its JSON as `data` when that fits the item limit, else gzipped as `gz`.
 */
export async function beaconItem(beacon: Beacon): Promise<Item> {
  const text = JSON.stringify(beacon);
  const head = { ...key(PK.beacon, beacon.plane), at: n(beacon.at) };
  const bytes = utf8Over(text, MAX_BEACON_BYTES);
  if (!bytes) return { ...head, data: s(text) };
  const gz = await through(bytes, new CompressionStream('gzip'));
  if (gz.length > MAX_BEACON_BYTES)
    throw new StoreError(
      `the ${beacon.plane} beacon of ${Object.keys(beacon.records).length} records is ${kib(bytes.length)} KiB ` +
        `as JSON and ${kib(gz.length)} KiB gzipped, over DynamoDB's 400 KB item limit: manage fewer records per table`,
      { retryable: false },
    );
  return { ...head, gz: { B: gz } };
}

/** A beacon item's beacon, from `gz` when it was stored gzipped, else from `data`. */
export async function beaconOf(item: Item): Promise<Beacon> {
  const gz = item.gz?.B;
  if (gz === undefined) return dataOf<Beacon>(item);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(
      await through(gz, new DecompressionStream('gzip')),
    );
  } catch (error) {
    throw new StoreError(
      `item ${item.pk?.S}/${item.sk?.S} is malformed: gz is not gzip (${(error as Error).message})`,
      {
        retryable: false,
        cause: error,
      },
    );
  }
  return dataOf<Beacon>({ ...item, data: s(text) });
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
