/** commitMany: records packed whole into transactions of at most 100 items, a lost race failed alone. */
import {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_TRANSACTION_ITEMS } from '../../../../functions/adapters/dynamodb/store';
import { ConflictError, StoreError } from '../../../../functions/core/errors';
import type { Commit } from '../../../../functions/core/ports';
import { state, stateItem, store, transition } from './fixtures';

const ddb = mockClient(DynamoDBClient);
beforeEach(() => ddb.reset());

const record = (i: number) => `app${i}.example.com/A`;
/** Record i failing over to epoch 4 from version 3, with its transition unless `bare`. */
const commitOf = (i: number, bare = false): Commit => ({
  next: { ...state(4), record: record(i) },
  expectedVersion: 3,
  ...(bare ? {} : { transition: { ...transition(4), id: `${record(i)}#4`, record: record(i) } }),
});
const sent = () =>
  ddb
    .commandCalls(TransactWriteItemsCommand)
    .map((c) =>
      (c.args[0].input.TransactItems ?? []).map((t) => `${t.Put?.Item?.pk?.S} ${t.Put?.Item?.sk?.S}`),
    );
const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    $metadata: { httpStatusCode: 400 },
    message: `Transaction cancelled [${codes.join(', ')}]`,
    CancellationReasons: codes.map((Code) =>
      Code === 'ConditionalCheckFailed' ? { Code, Item: stateItem(state(4), 4) } : { Code },
    ),
  });

describe('DynamoDbStateStore.commitMany', () => {
  it('packs 120 records with transitions into transactions of at most 100 items, each pair together', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    const commits = Array.from({ length: 120 }, (_, i) => commitOf(i));
    expect(await store().commitMany(commits)).toEqual(commits.map(() => 4));
    const calls = sent();
    expect(calls.map((c) => c.length)).toEqual([100, 100, 40]);
    expect(calls.flat()).toHaveLength(240);
    for (const items of calls) {
      for (let k = 0; k < items.length; k += 2) {
        const key = items[k]!.replace('STATE ', '');
        expect([items[k], items[k + 1]]).toEqual([`STATE ${key}`, `HISTORY ${key}#0000000004`]);
      }
    }
  });

  it('fits 100 records without transitions in one transaction', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    const commits = Array.from({ length: MAX_TRANSACTION_ITEMS + 1 }, (_, i) => commitOf(i, true));
    await store().commitMany(commits);
    expect(sent().map((c) => c.length)).toEqual([100, 1]);
  });

  it('sends a cancelled transaction again without the records that lost their compare-and-set', async () => {
    // Record 1's state moved on (version 4) and record 2's transition is already recorded.
    ddb
      .on(TransactWriteItemsCommand)
      .rejectsOnce(
        cancelled([
          'None',
          'None',
          'ConditionalCheckFailed',
          'None',
          'None',
          'ConditionalCheckFailed',
          'None',
          'None',
        ]),
      )
      .resolves({});
    const results = await store().commitMany([0, 1, 2, 3].map((i) => commitOf(i)));
    expect(results[0]).toBe(4);
    expect(results[1]).toBeInstanceOf(ConflictError);
    expect((results[1] as Error).message).toMatch(/state version is 4, expected 3/);
    expect(results[2]).toBeInstanceOf(ConflictError);
    expect((results[2] as Error).message).toMatch(/transition app2.example.com\/A#4 is already recorded/);
    expect(results[3]).toBe(4);
    expect(sent()).toEqual([
      [0, 1, 2, 3].flatMap((i) => [`STATE ${record(i)}`, `HISTORY ${record(i)}#0000000004`]),
      [0, 3].flatMap((i) => [`STATE ${record(i)}`, `HISTORY ${record(i)}#0000000004`]),
    ]);
  });

  it('fails every record of a transaction cancelled for no lost race, and only that transaction', async () => {
    ddb
      .on(TransactWriteItemsCommand)
      .rejectsOnce(cancelled(['None', 'ThrottlingError', ...Array(98).fill('None')]))
      .resolves({});
    const results = await store().commitMany(Array.from({ length: 51 }, (_, i) => commitOf(i)));
    expect(results.slice(0, 50).every((r) => r instanceof StoreError && r.retryable)).toBe(true);
    expect((results[0] as Error).message).toMatch(
      /committing 50 records was cancelled: None, ThrottlingError/,
    );
    expect(results[50]).toBe(4);
    expect(sent().map((c) => c.length)).toEqual([100, 2]);
  });

  it('answers a single lost record as commit does', async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(['ConditionalCheckFailed', 'None']));
    const [result] = await store().commitMany([commitOf(0)]);
    expect(result).toBeInstanceOf(ConflictError);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 1);
  });
});
