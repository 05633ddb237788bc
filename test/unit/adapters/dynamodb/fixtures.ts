/** Shared fixtures of the DynamoDB store tests: a store on a mocked client, states, transitions, items. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbApi } from '../../../../functions/adapters/dynamodb/api';
import { DynamoDbStateStore } from '../../../../functions/adapters/dynamodb/store';
import type { RecordState, Transition } from '../../../../functions/core/types';

export const TableName = 'twinplane-prod-state';
export const now = Date.UTC(2026, 0, 1);
export const store = () =>
  new DynamoDbStateStore({
    api: dynamoDbApi(new DynamoDBClient({ region: 'us-east-1' })),
    tableName: TableName,
    now: () => now,
  });

export const state = (epoch: number, pool = 'secondary'): RecordState => ({
  record: 'app.example.com/A',
  activePool: pool,
  epoch,
  since: now,
  reason: 'failover',
  plane: 'aws',
});
export const transition = (epoch: number, at = now): Transition => ({
  id: `app.example.com/A#${epoch}`,
  record: 'app.example.com/A',
  epoch,
  from: 'primary',
  to: 'secondary',
  kind: 'failover',
  reason: 'primary-health failed',
  at,
  plane: 'aws',
  failing: [],
});
export const stateItem = (s: RecordState, version: number) => ({
  pk: { S: 'STATE' },
  sk: { S: s.record },
  version: { N: String(version) },
  data: { S: JSON.stringify(s) },
});
