import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Beacon, Transition } from '../../../../functions/core/types';
import { now, state, stateItem, store, TableName, transition } from './fixtures';

const ddb = mockClient(DynamoDBClient);
const historyItem = (t: Transition) => ({
  pk: { S: 'HISTORY' },
  sk: { S: `${t.record}#${t.epoch}` },
  data: { S: JSON.stringify(t) },
});

beforeEach(() => ddb.reset());

describe('DynamoDbStateStore reads', () => {
  it('loads every record state with a consistent, paginated query', async () => {
    const other = { ...state(0, 'primary'), record: 'api.example.com/AAAA' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [stateItem(state(2), 5)],
        LastEvaluatedKey: { pk: { S: 'STATE' }, sk: { S: 'app.example.com/A' } },
      })
      .resolvesOnce({ Items: [stateItem(other, 1)] });
    const records = await store().loadRecords();
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(ddb).toHaveReceivedNthCommandWith(QueryCommand, 1, {
      TableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'STATE' } },
      ConsistentRead: true,
    });
    expect(ddb).toHaveReceivedNthCommandWith(QueryCommand, 2, {
      ExclusiveStartKey: { pk: { S: 'STATE' }, sk: { S: 'app.example.com/A' } },
    });
    expect(records.get('app.example.com/A')).toEqual({ value: state(2), version: 5 });
    expect(records.get('api.example.com/AAAA')).toEqual({ value: other, version: 1 });
  });

  it('reads one record history newest first by its sort key', async () => {
    ddb.on(QueryCommand).resolves({ Items: [historyItem(transition(2)), historyItem(transition(1))] });
    const history = await store().history({ record: 'app.example.com/A', limit: 2 });
    expect(history.map((t) => t.epoch)).toEqual([2, 1]);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :record)',
      ExpressionAttributeValues: { ':pk': { S: 'HISTORY' }, ':record': { S: 'app.example.com/A#' } },
      ScanIndexForward: false,
      Limit: 2,
    });
  });

  it('orders the history of every record by time', async () => {
    const other = { ...transition(7, now + 5), id: 'api.example.com/A#7', record: 'api.example.com/A' };
    ddb.on(QueryCommand).resolves({
      Items: [historyItem(other), historyItem(transition(1, now)), historyItem(transition(2, now + 9))],
    });
    expect((await store().history({ limit: 2 })).map((t) => t.id)).toEqual([
      'app.example.com/A#2',
      'api.example.com/A#7',
    ]);
  });

  it('names a malformed item instead of crashing on it', async () => {
    ddb
      .on(QueryCommand)
      .resolves({ Items: [{ pk: { S: 'STATE' }, sk: { S: 'app.example.com/A' }, data: { S: '{oops' } }] });
    await expect(store().loadRecords()).rejects.toThrow(/item STATE\/app.example.com\/A is malformed/);
  });

  it('maps a failed read to a StoreError', async () => {
    ddb
      .on(QueryCommand)
      .rejects(new ResourceNotFoundException({ $metadata: {}, message: 'Requested resource not found' }));
    await expect(store().loadRecords()).rejects.toMatchObject({ name: 'StoreError', retryable: false });
  });
});

describe('DynamoDbStateStore beacons', () => {
  const beacon: Beacon = {
    plane: 'aws',
    at: now,
    records: {},
    view: { vantage: 'aws', at: now, checks: {} },
  };

  it('keeps one beacon item per plane, never replaced by an older one', async () => {
    ddb.on(PutItemCommand).resolves({});
    await store().publishBeacon(beacon);
    expect(ddb).toHaveReceivedCommandWith(PutItemCommand, {
      TableName,
      Item: {
        pk: { S: 'BEACON' },
        sk: { S: 'aws' },
        data: { S: JSON.stringify(beacon) },
        at: { N: String(now) },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR #at <= :at',
    });
  });

  it('drops a stale beacon quietly but reports other failures', async () => {
    ddb
      .on(PutItemCommand)
      .rejectsOnce(
        new ConditionalCheckFailedException({ $metadata: {}, message: 'The conditional request failed' }),
      );
    await expect(store().publishBeacon(beacon)).resolves.toBeUndefined();
    ddb
      .on(PutItemCommand)
      .rejects(new ProvisionedThroughputExceededException({ $metadata: {}, message: 'slow down' }));
    await expect(store().publishBeacon(beacon)).rejects.toMatchObject({
      name: 'StoreError',
      retryable: true,
    });
  });

  it('reads a beacon consistently, or nothing', async () => {
    ddb
      .on(GetItemCommand)
      .resolvesOnce({ Item: { pk: { S: 'BEACON' }, sk: { S: 'aws' }, data: { S: JSON.stringify(beacon) } } })
      .resolves({});
    await expect(store().loadBeacon('aws')).resolves.toEqual(beacon);
    await expect(store().loadBeacon('cloudflare')).resolves.toBeUndefined();
    expect(ddb).toHaveReceivedNthCommandWith(GetItemCommand, 2, {
      Key: { pk: { S: 'BEACON' }, sk: { S: 'cloudflare' } },
      ConsistentRead: true,
    });
  });
});
