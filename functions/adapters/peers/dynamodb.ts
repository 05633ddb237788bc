/**
 * Reads a plane's beacon from the AWS plane's DynamoDB table: the AWS plane's own (for the Worker and the
 * local plane), or the local plane's, which it publishes there when planes.peers.local.via is aws.
 */
import type { PeerReader } from '../../core/ports';
import type { PlaneId } from '../../core/types';
import type { DynamoDbApi } from '../dynamodb/api';
import { DynamoDbStateStore } from '../dynamodb/store';

export function dynamoDbBeaconReader(options: {
  api: DynamoDbApi;
  tableName: string;
  plane?: PlaneId;
}): PeerReader {
  const store = new DynamoDbStateStore({ api: options.api, tableName: options.tableName });
  const plane = options.plane ?? 'aws';
  return { plane, read: () => store.loadBeacon(plane) };
}
