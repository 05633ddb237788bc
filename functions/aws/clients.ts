/**
 * The AWS plane's SDK clients as its production setup makes them. Route 53 and DynamoDB, which every
 * invocation uses, load with the module; SSM and SNS at their first call (the Lambda bundle splits each
 * into its own chunk), so module init skips them and an invocation that reads no secret never loads SSM.
 */

// Loaded with the module (every invocation uses them), so the imports below resolve at once.
import '../adapters/dynamodb/api';
import '../adapters/route53/api';
import type { Config } from '../core/config/model';
import type { AwsClients } from './plane';

/** An API object whose methods load the implementation on first use; a failed load is retried. */
export function lazyApi<T extends object>(load: () => Promise<T>, methods: readonly (keyof T)[]): T {
  let loading: Promise<T> | undefined;
  const api = {} as Record<keyof T, unknown>;
  for (const method of methods) {
    api[method] = async (...args: unknown[]) => {
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      const impl = await loading;
      return (impl[method] as (...a: unknown[]) => unknown)(...args);
    };
  }
  return api as T;
}

/** Real SDK clients; AWS_ENDPOINT_URL (or a per-service variant) redirects them, e.g. to LocalStack. */
export function defaultClients(config: Config): AwsClients {
  return {
    route53: lazyApi(async () => {
      const { createRoute53Client, route53Api } = await import('../adapters/route53/api');
      return route53Api(createRoute53Client(config.providers.route53?.region));
    }, ['listResourceRecordSets', 'changeResourceRecordSets', 'getChange']),
    dynamodb: lazyApi(async () => {
      const { createDynamoDbClient, dynamoDbApi } = await import('../adapters/dynamodb/api');
      return dynamoDbApi(createDynamoDbClient());
    }, ['transactWriteItems', 'query', 'getItem', 'putItem']),
    ssm: lazyApi(async () => {
      const { createSsmClient, ssmApi } = await import('../adapters/aws-secrets/ssm-client');
      return ssmApi(createSsmClient());
    }, ['getParameter']),
    ...(config.notify.some((n) => n.kind === 'sns')
      ? {
          sns: lazyApi(async () => {
            const { createSnsClient, snsPublisher } = await import('../adapters/aws-common/sns');
            return snsPublisher(createSnsClient());
          }, ['publish']),
        }
      : {}),
  };
}
