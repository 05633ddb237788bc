/**
 * A beacon lists every managed record, so at a few thousand records its JSON passes DynamoDB's 400 KB
 * item limit. These run the store against the stateful fake, which refuses oversize items as the
 * service does (ValidationException), so a beacon that would not land in DynamoDB does not land here.
 */
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { MAX_ITEM_BYTES } from '../../../../functions/adapters/dynamodb/items';
import { DynamoDbStateStore } from '../../../../functions/adapters/dynamodb/store';
import type { Beacon } from '../../../../functions/core/types';
import { DYNAMODB_LIMITS, fakeDynamoDb, itemBytes } from '../../../helpers/aws-fakes';

const TableName = 'twinplane-prod-state';
const at = Date.UTC(2026, 0, 1);

function beacon(records: number, name = (i: number) => `app-${i}.example.com/A`, when = at): Beacon {
  const list: Beacon['records'] = {};
  for (let i = 0; i < records; i++) list[name(i)] = { activePool: i % 3 ? 'primary' : 'secondary', epoch: i };
  return { plane: 'aws', at: when, records: list, view: { vantage: 'aws', at: when, checks: {} }, peers: {} };
}

function setup() {
  const fake = fakeDynamoDb();
  const store = new DynamoDbStateStore({ api: fake.api, tableName: TableName });
  const item = () => fake.items.get('BEACON|aws');
  return { fake, store, item };
}

/** 48 random hex digits: names that gzip cannot shrink much. */
function randomName(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return `${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}.example.com/A`;
}

describe('DynamoDB beacon size', () => {
  it('writes a small beacon as plain JSON', async () => {
    const { store, item } = setup();
    const small = beacon(100);
    await store.publishBeacon(small);
    expect(item()?.data?.S).toBe(JSON.stringify(small));
    expect(item()?.gz).toBeUndefined();
    await expect(store.loadBeacon('aws')).resolves.toEqual(small);
  });

  it('stores a beacon over the item limit gzipped, within the limit, and reads it back whole', async () => {
    const { store, item } = setup();
    const large = beacon(10_000);
    expect(JSON.stringify(large).length).toBeGreaterThan(MAX_ITEM_BYTES);
    await store.publishBeacon(large);
    const stored = item()!;
    expect(stored.data).toBeUndefined();
    expect(stored.gz?.B).toBeInstanceOf(Uint8Array);
    expect(itemBytes(stored)).toBeLessThanOrEqual(DYNAMODB_LIMITS.itemBytes);
    expect(stored.at?.N).toBe(String(at));
    await expect(store.loadBeacon('aws')).resolves.toEqual(large);
  });

  it('counts UTF-8 bytes, not characters: a beacon short in characters but long in bytes is gzipped', async () => {
    const { store, item } = setup();
    // Each name is 40 three-byte characters: the JSON has fewer characters than the limit has bytes.
    const wide = beacon(4_000, (i) => `${'é'.repeat(20)}${'漢'.repeat(20)}-${i}.example.com/A`);
    const text = JSON.stringify(wide);
    expect(text.length).toBeLessThan(MAX_ITEM_BYTES);
    expect(new TextEncoder().encode(text).length).toBeGreaterThan(MAX_ITEM_BYTES);
    await store.publishBeacon(wide);
    expect(item()?.gz?.B).toBeInstanceOf(Uint8Array);
    await expect(store.loadBeacon('aws')).resolves.toEqual(wide);
  });

  it('refuses a beacon too large even gzipped, with its sizes, and leaves the stored one alone', async () => {
    const { fake, store, item } = setup();
    const earlier = beacon(10, undefined, at - 60_000);
    await store.publishBeacon(earlier);
    const huge = beacon(30_000, randomName);
    const error = await store.publishBeacon(huge).then(
      () => undefined,
      (e: unknown) => e as Error & { retryable?: boolean },
    );
    expect(error?.name).toBe('StoreError');
    expect(error?.retryable).toBe(false);
    expect(error?.message).toMatch(
      /^the aws beacon of 30000 records is [\d.]+ KiB as JSON and [\d.]+ KiB gzipped, over DynamoDB's 400 KB item limit: manage fewer records per table$/,
    );
    expect(fake.mock.commandCalls(PutItemCommand).length).toBe(1);
    expect(item()?.data?.S).toBe(JSON.stringify(earlier));
  });

  it('reports a gz attribute that is not gzip as a malformed item', async () => {
    const { fake, store } = setup();
    fake.items.set('BEACON|aws', {
      pk: { S: 'BEACON' },
      sk: { S: 'aws' },
      at: { N: String(at) },
      gz: { B: new TextEncoder().encode('not gzip at all') },
    });
    await expect(store.loadBeacon('aws')).rejects.toMatchObject({
      name: 'StoreError',
      retryable: false,
      message: expect.stringMatching(/^item BEACON\/aws is malformed: gz is not gzip/),
    });
  });
});

describe('the DynamoDB fake holds the service limits', () => {
  it('pages a Query at 1 MB, and the store reads every page: 10,000 record states load whole', async () => {
    const { fake, store } = setup();
    for (let i = 0; i < 10_000; i++) {
      const record = `app-${i}.example.com/A`;
      const value = {
        record,
        activePool: 'primary',
        epoch: i,
        since: at,
        reason: 'x'.repeat(80),
        plane: 'aws',
      };
      fake.items.set(`STATE|${record}`, {
        pk: { S: 'STATE' },
        sk: { S: record },
        version: { N: String(i + 1) },
        data: { S: JSON.stringify(value) },
      });
    }
    const loaded = await store.loadRecords();
    const pages = fake.mock.commandCalls(QueryCommand);
    expect(pages.length).toBeGreaterThan(1);
    expect(await Promise.resolve(pages.at(-1)?.returnValue)).not.toHaveProperty('LastEvaluatedKey');
    expect(loaded.size).toBe(10_000);
    expect(loaded.get('app-9999.example.com/A')?.version).toBe(10_000);
  });

  it('refuses an item over 400 KB, a transaction of more than 100 actions or over 4 MB', async () => {
    const { fake } = setup();
    const big = { pk: { S: 'X' }, sk: { S: 'y' }, data: { S: 'x'.repeat(DYNAMODB_LIMITS.itemBytes) } };
    await expect(fake.api.putItem({ TableName, Item: big })).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Item size has exceeded the maximum allowed size',
    });
    const puts = Array.from({ length: 101 }, (_, i) => ({
      Put: { TableName, Item: { pk: { S: 'X' }, sk: { S: String(i) } } },
    }));
    await expect(fake.api.transactWriteItems({ TransactItems: puts })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const heavy = Array.from({ length: 11 }, (_, i) => ({
      Put: { TableName, Item: { pk: { S: 'X' }, sk: { S: `h${i}` }, data: { S: 'x'.repeat(390_000) } } },
    }));
    await expect(fake.api.transactWriteItems({ TransactItems: heavy })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/aggregate size exceeds 4 MB/),
    });
    expect(fake.items.size).toBe(0);
    await fake.api.transactWriteItems({ TransactItems: puts.slice(0, 100) });
    expect(fake.items.size).toBe(100);
    expect(itemBytes({ n: { N: '12345' }, s: { S: 'é' } })).toBe(1 + 4 + 1 + 2);
  });
});
