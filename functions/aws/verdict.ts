/**
 * The `verdict` Lambda behind a function URL: Route 53's health checkers ask it, for one pool of a record
 * in data-plane mode, whether the AWS plane's committed state has moved past that pool. The state is
 * read from DynamoDB (ConsistentRead); the secret path segment is compared with the SSM secret named in
 * planes.verdicts. Every failure answers 503 `stay`, which Route 53's inverted check reads as healthy.
 */
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { SsmSecrets } from '../adapters/aws-secrets/ssm';
import { createSsmClient, ssmApi } from '../adapters/aws-secrets/ssm-client';
import { createDynamoDbClient, dynamoDbApi } from '../adapters/dynamodb/api';
import { DynamoDbStateStore } from '../adapters/dynamodb/store';
import type { Config } from '../core/config/model';
import type { StateStore } from '../core/ports';
import { answerVerdict } from '../core/verdict';
import { loadBundledConfig } from './bundled-config';
import { readSettings } from './settings';

/** The function URL's structured answer. */
export interface VerdictResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface VerdictPlane {
  config: Config;
  store: Pick<StateStore, 'loadRecords'>;
  /** The verdict secret's value; undefined when the config names none. Throws when SSM cannot be read. */
  secret(): Promise<string | undefined>;
}

const answer = (status: number, body: string, extra: Record<string, string> = {}): VerdictResult => ({
  statusCode: status,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra },
  body,
});

export function createVerdictHandler(setup: () => VerdictPlane) {
  let plane: VerdictPlane | undefined;
  return async (event: LambdaFunctionURLEvent): Promise<VerdictResult> => {
    try {
      plane ??= setup();
      if (event.requestContext?.http?.method !== 'GET') return answer(405, 'use GET', { allow: 'GET' });
      const { config, store } = plane;
      const result = await answerVerdict(
        {
          config,
          secret: await plane.secret(),
          loadState: async (key) => (await store.loadRecords()).get(key)?.value,
        },
        event.rawPath ?? '',
      );
      return answer(result.status, result.body);
    } catch {
      return answer(503, 'stay');
    }
  };
}

export function productionVerdictPlane(): VerdictPlane {
  const config = loadBundledConfig();
  const settings = readSettings(process.env);
  const secrets = new SsmSecrets(ssmApi(createSsmClient()), settings.ssmPrefix);
  const ref = config.planes.verdicts?.secret;
  return {
    config,
    store: new DynamoDbStateStore({ api: dynamoDbApi(createDynamoDbClient()), tableName: settings.table }),
    secret: async () => (ref ? secrets.resolve(ref) : undefined),
  };
}

export const handler = createVerdictHandler(productionVerdictPlane);
