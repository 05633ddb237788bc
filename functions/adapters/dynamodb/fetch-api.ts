/**
 * The state store's four DynamoDB calls over signed `fetch`, for the Worker (which reads the AWS plane's
 * beacon). DynamoDB's JSON protocol (x-amz-json-1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`)
 * takes and returns the SDK's input and output shapes as they are (attribute values are already
 * DynamoDB JSON); errors come back as `{__type: "...#Code", message}` and are raised as the SDK raises
 * them, with the body's other fields (CancellationReasons, Item) on the error. Like the SDK, a
 * TransactWriteItems without a ClientRequestToken gets one, so a retried commit that had landed is not a
 * conflict with itself. Binary attribute values travel as base64 on the wire, as the SDK sends them,
 * and come back as bytes, as the SDK returns them.
 */
import type {
  GetItemCommandInput,
  GetItemCommandOutput,
  PutItemCommandInput,
  PutItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  TransactWriteItemsCommandInput,
  TransactWriteItemsCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { type AwsFetchOptions, AwsServiceError, awsFetch } from '../aws-fetch/client';
import { fromBase64, toBase64 } from '../encoding';
import type { DynamoDbApi } from './api';

/** JSON.stringify replacer: bytes (a B value, or each of a BS) as base64. */
const toWire = (_key: string, value: unknown) => (value instanceof Uint8Array ? toBase64(value) : value);

/** JSON.parse reviver: a B value (or a BS) as bytes; only attribute values have those keys. */
function fromWire(key: string, value: unknown): unknown {
  if (key === 'B' && typeof value === 'string') return fromBase64(value);
  if (key === 'BS' && Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? fromBase64(v) : v));
  return value;
}

function dynamoDbError(status: number, text: string, requestId: string | undefined): AwsServiceError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  const { __type, message, Message, ...fields } = body;
  const type = typeof __type === 'string' ? __type : '';
  const name = type.slice(type.lastIndexOf('#') + 1) || (status >= 500 ? 'InternalServerError' : 'Unknown');
  const said = typeof message === 'string' ? message : typeof Message === 'string' ? Message : name;
  return new AwsServiceError(name, said, { httpStatusCode: status, requestId }, { fields });
}

export function dynamoDbFetchApi(options: AwsFetchOptions): DynamoDbApi {
  const call = async <T>(operation: string, input: object): Promise<T> => {
    const response = await awsFetch(options, {
      service: 'dynamodb',
      host: `dynamodb.${options.region}.amazonaws.com`,
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body: JSON.stringify(input, toWire),
    });
    if (response.status >= 300) throw dynamoDbError(response.status, response.text, response.requestId);
    const output = response.text.trim() === '' ? {} : (JSON.parse(response.text, fromWire) as object);
    return { $metadata: { httpStatusCode: response.status, requestId: response.requestId }, ...output } as T;
  };
  return {
    transactWriteItems: (input: TransactWriteItemsCommandInput) =>
      call<TransactWriteItemsCommandOutput>('TransactWriteItems', {
        ...input,
        ClientRequestToken: input.ClientRequestToken ?? crypto.randomUUID(),
      }),
    query: (input: QueryCommandInput) => call<QueryCommandOutput>('Query', input),
    getItem: (input: GetItemCommandInput) => call<GetItemCommandOutput>('GetItem', input),
    putItem: (input: PutItemCommandInput) => call<PutItemCommandOutput>('PutItem', input),
  };
}
