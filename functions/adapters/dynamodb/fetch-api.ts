/**
 * The state store's four DynamoDB calls over signed `fetch`, for the Worker (which reads the AWS plane's
 * beacon). DynamoDB's JSON protocol (x-amz-json-1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`)
 * takes and returns the SDK's input and output shapes as they are (attribute values are already
 * DynamoDB JSON); errors come back as `{__type: "...#Code", message}` and are raised as the SDK raises
 * them, with the body's other fields (CancellationReasons, Item) on the error. Like the SDK, a
 * TransactWriteItems without a ClientRequestToken gets one, so a retried commit that had landed is not a
 * conflict with itself.
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
import type { DynamoDbApi } from './api';

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
      body: JSON.stringify(input),
    });
    if (response.status >= 300) throw dynamoDbError(response.status, response.text, response.requestId);
    const output = response.text.trim() === '' ? {} : (JSON.parse(response.text) as object);
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
