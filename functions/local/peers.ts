/** The local plane reads both clouds' beacons when planes.peers says where they are (an on-prem vantage). */
import { createDynamoDbClient, dynamoDbApi } from '../adapters/dynamodb/api';
import { DynamoDbStateStore } from '../adapters/dynamodb/store';
import { createKvBeaconReader } from '../adapters/kv/peer-reader';
import { dynamoDbBeaconReader } from '../adapters/peers/dynamodb';
import { createWorkerBeaconReader } from '../adapters/peers/worker-api';
import type { Config, SecretRef } from '../core/config/model';
import type { PeerReader } from '../core/ports';

/** Where the local plane copies its beacon so the clouds read it (planes.peers.local.via: aws). */
export function beaconCopies(config: Config): { name: string; store: DynamoDbStateStore }[] {
  const { aws, local } = config.planes.peers;
  if (!aws || local?.via !== 'aws') return [];
  return [
    {
      name: `the AWS table ${aws.table}`,
      store: new DynamoDbStateStore({
        api: dynamoDbApi(createDynamoDbClient(aws.region)),
        tableName: aws.table,
      }),
    },
  ];
}

export async function localPeers(
  config: Config,
  resolveSecret: (ref: SecretRef) => Promise<string>,
): Promise<PeerReader[]> {
  const { aws, cloudflare } = config.planes.peers;
  const readers: PeerReader[] = [];
  if (aws)
    readers.push(
      dynamoDbBeaconReader({ api: dynamoDbApi(createDynamoDbClient(aws.region)), tableName: aws.table }),
    );
  if (cloudflare) {
    const fromKv = createKvBeaconReader({
      accountId: cloudflare.accountId,
      namespaceId: cloudflare.namespaceId,
      apiToken: await resolveSecret(cloudflare.apiToken),
    });
    readers.push(
      cloudflare.url && cloudflare.token
        ? createWorkerBeaconReader({
            url: cloudflare.url,
            token: await resolveSecret(cloudflare.token),
            fallback: fromKv,
          })
        : fromKv,
    );
  }
  return readers;
}
