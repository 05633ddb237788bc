/**
 * The Worker's DynamoDB client over signed fetch, held to the SDK's: the same calls over the same HTTP
 * answers must send the same JSON and give the same objects and errors, down to the store's reading of
 * a cancelled commit.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRetryableAwsError } from '../../../../functions/adapters/aws-common/errors';
import { type DynamoDbApi, dynamoDbApi } from '../../../../functions/adapters/dynamodb/api';
import { translateCommitError } from '../../../../functions/adapters/dynamodb/errors';
import { dynamoDbFetchApi } from '../../../../functions/adapters/dynamodb/fetch-api';
import { isRetryable } from '../../../../functions/core/errors';
import { httpDouble, type Scripted, sideBySide, withoutMetadata } from './http-double';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const json = (body: unknown, status = 200): Scripted => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-9' },
});
const awsError = (type: string, message: string, status = 400, extra: object = {}) =>
  json({ __type: type, message, ...extra }, status);

const item = {
  pk: { S: 'STATE' },
  sk: { S: 'app.example.com/A' },
  version: { N: '7' },
  data: { S: '{"activePool":"primary"}' },
  tags: { SS: ['a', 'b'] },
  ok: { BOOL: true },
  gone: { NULL: true },
  nested: { M: { list: { L: [{ N: '1' }, { S: 'x' }] } } },
};

const btoaOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

let server: Awaited<ReturnType<typeof httpDouble>>;
let sdk: DynamoDbApi;
let mine: DynamoDbApi;

beforeAll(async () => {
  server = await httpDouble();
  sdk = dynamoDbApi(
    new DynamoDBClient({ region: 'eu-west-1', endpoint: server.endpoint, credentials, maxAttempts: 1 }),
  );
  mine = dynamoDbFetchApi({ region: 'eu-west-1', endpoint: server.endpoint, credentials });
});
afterAll(() => server.close());

const both = <T>(answers: Scripted[], call: (api: DynamoDbApi) => Promise<T>) =>
  sideBySide(server, [sdk, mine], answers, call);
const request = (s: (typeof server.seen)[number]) => ({
  method: s.method,
  path: s.path,
  target: s.headers['x-amz-target'],
  contentType: s.headers['content-type'],
  body: JSON.parse(s.body),
});

const commit = {
  TransactItems: [
    {
      Put: {
        TableName: 't',
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR version = :v',
        ExpressionAttributeValues: { ':v': { N: '6' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    {
      Put: {
        TableName: 't',
        Item: { pk: { S: 'TRANSITION' }, sk: { S: 'app.example.com/A#1' } },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ],
};

describe('DynamoDB over signed fetch, side by side with the SDK client', () => {
  it('GetItem: the same request, and the same item, every attribute type included', async () => {
    const input = { TableName: 't', Key: { pk: { S: 'BEACON' }, sk: { S: 'aws' } }, ConsistentRead: true };
    const [a, b] = await both([json({ Item: item })], (api) => api.getItem(input));
    expect(a.error).toBeUndefined();
    expect(withoutMetadata(b.result)).toEqual(withoutMetadata(a.result));
    expect(b.sent.map(request)).toEqual(a.sent.map(request));
    expect(b.sent[0]?.headers.authorization).toMatch(
      /Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target,/,
    );
  });

  it('binary attributes: sent as base64 and returned as bytes, as the SDK does (a gzipped beacon)', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7919) % 256);
    const binary = {
      pk: { S: 'BEACON' },
      sk: { S: 'aws' },
      gz: { B: bytes },
      set: { BS: [bytes.slice(0, 3)] },
    };
    const put = { TableName: 't', Item: binary };
    const [pa, pb] = await both([json({})], (api) => api.putItem(put));
    expect(pb.sent.map(request)).toEqual(pa.sent.map(request));
    const wire = { ...binary, gz: { B: btoaOf(bytes) }, set: { BS: [btoaOf(bytes.slice(0, 3))] } };
    const [ga, gb] = await both([json({ Item: wire })], (api) =>
      api.getItem({ TableName: 't', Key: { pk: { S: 'BEACON' }, sk: { S: 'aws' } } }),
    );
    expect(ga.result?.Item?.gz?.B).toEqual(bytes);
    expect(gb.result?.Item?.gz?.B).toBeInstanceOf(Uint8Array);
    expect(withoutMetadata(gb.result)).toEqual(withoutMetadata(ga.result));
  });

  it('GetItem of a missing item: no Item, as from the SDK', async () => {
    const [a, b] = await both([json({})], (api) => api.getItem({ TableName: 't', Key: { pk: { S: 'x' } } }));
    expect(withoutMetadata(b.result)).toEqual(withoutMetadata(a.result));
    expect(b.result?.Item).toBeUndefined();
  });

  it('Query: the same request and page, LastEvaluatedKey included', async () => {
    const input = {
      TableName: 't',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'STATE' } },
      ConsistentRead: true,
      ExclusiveStartKey: { pk: { S: 'STATE' }, sk: { S: 'a' } },
    };
    const page = {
      Items: [item, item],
      Count: 2,
      ScannedCount: 2,
      LastEvaluatedKey: { pk: { S: 'STATE' }, sk: { S: 'b' } },
    };
    const [a, b] = await both([json(page)], (api) => api.query(input));
    expect(withoutMetadata(b.result)).toEqual(withoutMetadata(a.result));
    expect(b.sent.map(request)).toEqual(a.sent.map(request));
  });

  it('TransactWriteItems: the same items, and a ClientRequestToken like the SDK adds', async () => {
    const [a, b] = await both([json({})], (api) => api.transactWriteItems(commit));
    const [sent, theirs] = [request(b.sent[0]!), request(a.sent[0]!)];
    expect(sent.body.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(theirs.body.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect({ ...sent, body: { ...sent.body, ClientRequestToken: 'x' } }).toEqual({
      ...theirs,
      body: { ...theirs.body, ClientRequestToken: 'x' },
    });
  });

  const errors: [string, Scripted][] = [
    [
      'a cancelled commit with its reasons',
      awsError(
        'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
        400,
        {
          CancellationReasons: [
            { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: item },
            { Code: 'None' },
          ],
        },
      ),
    ],
    [
      'a transaction conflict',
      awsError(
        'com.amazonaws.dynamodb.v20120810#TransactionConflictException',
        'Transaction is ongoing for the item',
      ),
    ],
    [
      'throttling',
      awsError(
        'com.amazon.coral.availability#ThrottlingException',
        'Rate of requests exceeds the allowed throughput.',
      ),
    ],
    [
      'exceeded throughput',
      awsError(
        'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        'The level of configured provisioned throughput for the table was exceeded.',
      ),
    ],
    [
      'a missing table',
      awsError('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', 'Requested resource not found'),
    ],
    [
      'an internal error',
      awsError('com.amazonaws.dynamodb.v20120810#InternalServerError', 'Internal server error', 500),
    ],
  ];

  for (const [what, answer] of errors) {
    it(`raises ${what} as the SDK does, and the store reads it the same`, async () => {
      const [a, b] = await both([answer], (api) => api.transactWriteItems(commit));
      const shape = (e: unknown) => {
        const err = e as {
          name: string;
          message: string;
          CancellationReasons?: unknown;
          $metadata: { httpStatusCode?: number };
        };
        const typed = translateCommitError(e, {
          record: 'app.example.com/A',
          expectedVersion: 6,
          transitionId: 'app.example.com/A#1',
        });
        return {
          name: err.name,
          message: err.message,
          reasons: err.CancellationReasons,
          status: err.$metadata.httpStatusCode,
          retryable: isRetryableAwsError(e),
          typed: { kind: typed.constructor.name, message: typed.message, retryable: isRetryable(typed) },
        };
      };
      expect(a.error).toBeDefined();
      expect(shape(b.error)).toEqual(shape(a.error));
    });
  }

  it('raises a ConditionalCheckFailedException on PutItem by the name the store checks', async () => {
    const answer = awsError(
      'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      'The conditional request failed',
    );
    const [a, b] = await both([answer], (api) =>
      api.putItem({ TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    expect((b.error as Error).name).toBe('ConditionalCheckFailedException');
    expect((b.error as Error).name).toBe((a.error as Error).name);
    expect((b.error as Error).message).toBe((a.error as Error).message);
  });
});
