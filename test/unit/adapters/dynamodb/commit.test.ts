import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactionConflictException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, StoreError } from '../../../../functions/core/errors';
import { now, state, stateItem, store, TableName, transition } from './fixtures';

const ddb = mockClient(DynamoDBClient);
beforeEach(() => ddb.reset());

describe('DynamoDbStateStore.commit', () => {
  it('writes the first state only if absent and the transition only once, with a TTL', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    await expect(store().commit(state(1), 0, transition(1))).resolves.toBe(1);
    expect(ddb).toHaveReceivedCommandExactlyOnceWith(TransactWriteItemsCommand, {
      TransactItems: [
        {
          Put: {
            TableName,
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            Item: {
              pk: { S: 'STATE' },
              sk: { S: 'app.example.com/A' },
              version: { N: '1' },
              data: { S: JSON.stringify(state(1)) },
              activePool: { S: 'secondary' },
              epoch: { N: '1' },
              updatedAt: { N: String(now) },
            },
          },
        },
        {
          Put: {
            TableName,
            ConditionExpression: 'attribute_not_exists(pk)',
            Item: {
              pk: { S: 'HISTORY' },
              sk: { S: 'app.example.com/A#0000000001' },
              data: { S: JSON.stringify(transition(1)) },
              at: { N: String(now) },
              expiresAt: { N: String(now / 1000 + 90 * 86_400) },
            },
          },
        },
      ],
    });
  });

  it('conditions a later state on the version it was read at, and needs no transition', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    await expect(store().commit(state(1), 3)).resolves.toBe(4);
    const input = ddb.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input;
    expect(input.TransactItems).toHaveLength(1);
    expect(input.TransactItems![0]!.Put).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': { N: '3' } },
      Item: { version: { N: '4' } },
    });
  });

  const cancelled = (...codes: [string, string]) =>
    new TransactionCanceledException({
      $metadata: { httpStatusCode: 400 },
      message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
      CancellationReasons: codes.map((Code, i) =>
        Code === 'ConditionalCheckFailed' && i === 0 ? { Code, Item: stateItem(state(1), 4) } : { Code },
      ),
    });

  it.each<[string, Error, typeof ConflictError | typeof StoreError, RegExp, boolean?]>([
    [
      'the state version moved',
      cancelled('ConditionalCheckFailed', 'None'),
      ConflictError,
      /state version is 4, expected 3/,
    ],
    [
      'the transition is recorded',
      cancelled('None', 'ConditionalCheckFailed'),
      ConflictError,
      /transition app.example.com\/A#4 is already recorded/,
    ],
    [
      'a transaction interleaved',
      cancelled('TransactionConflict', 'None'),
      ConflictError,
      /another transaction/,
    ],
    [
      'the whole call conflicted',
      new TransactionConflictException({ $metadata: {}, message: 'conflict' }),
      ConflictError,
      /another transaction/,
    ],
    [
      'the table throttled',
      cancelled('ThrottlingError', 'None'),
      StoreError,
      /cancelled: ThrottlingError, None/,
      true,
    ],
    [
      'an item was invalid',
      cancelled('ValidationError', 'None'),
      StoreError,
      /cancelled: ValidationError/,
      false,
    ],
    [
      'throughput ran out',
      new ProvisionedThroughputExceededException({ $metadata: {}, message: 'slow down' }),
      StoreError,
      /ProvisionedThroughputExceeded/,
      true,
    ],
    [
      'the table is missing',
      new ResourceNotFoundException({ $metadata: {}, message: 'Requested resource not found' }),
      StoreError,
      /ResourceNotFoundException/,
      false,
    ],
  ])('maps a commit where %s', async (_, error, type, message, retryable) => {
    ddb.on(TransactWriteItemsCommand).rejects(error);
    const thrown = await store()
      .commit(state(4), 3, transition(4))
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(type);
    expect((thrown as Error).message).toMatch(message);
    if (retryable !== undefined) expect(thrown).toMatchObject({ retryable });
  });
});
