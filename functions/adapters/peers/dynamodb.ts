/** Reads the AWS plane's beacon from its DynamoDB table, for the Cloudflare and local planes. */
import type { PeerReader } from '../../core/ports';
import type { DynamoDbApi } from '../dynamodb/api';
import { DynamoDbStateStore } from '../dynamodb/store';

export function dynamoDbBeaconReader(options: { api: DynamoDbApi; tableName: string }): PeerReader {
  const store = new DynamoDbStateStore({ api: options.api, tableName: options.tableName });
  return { plane: 'aws', read: () => store.loadBeacon('aws') };
}
