/** The four DynamoDB calls the state store makes, behind a narrow interface so a client can be injected. */
import {
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  type GetItemCommandOutput,
  PutItemCommand,
  type PutItemCommandInput,
  type PutItemCommandOutput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  type TransactWriteItemsCommandOutput,
} from '@aws-sdk/client-dynamodb';

export interface DynamoDbApi {
  transactWriteItems(input: TransactWriteItemsCommandInput): Promise<TransactWriteItemsCommandOutput>;
  query(input: QueryCommandInput): Promise<QueryCommandOutput>;
  getItem(input: GetItemCommandInput): Promise<GetItemCommandOutput>;
  putItem(input: PutItemCommandInput): Promise<PutItemCommandOutput>;
}

/** Wraps an SDK client (real, or one mocked with aws-sdk-client-mock). */
export function dynamoDbApi(client: DynamoDBClient): DynamoDbApi {
  return {
    transactWriteItems: (input) => client.send(new TransactWriteItemsCommand(input)),
    query: (input) => client.send(new QueryCommand(input)),
    getItem: (input) => client.send(new GetItemCommand(input)),
    putItem: (input) => client.send(new PutItemCommand(input)),
  };
}

/**
 * A client with the SDK's standard retries (throttling, 5xx). TransactWriteItems carries an SDK-generated
 * ClientRequestToken, so a retried commit that had already landed succeeds instead of conflicting with
 * itself. AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_DYNAMODB) points it at LocalStack or moto.
 */
export function createDynamoDbClient(region?: string): DynamoDBClient {
  return new DynamoDBClient(region ? { region } : {});
}
