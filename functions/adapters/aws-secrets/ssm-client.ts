/** The SSM SDK client behind SsmApi; apart from ssm.ts so a bundle loads the SDK only where it makes one. */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SsmApi } from './ssm';

export function ssmApi(client: SSMClient): SsmApi {
  return { getParameter: (input) => client.send(new GetParameterCommand(input)) };
}

export function createSsmClient(region?: string): SSMClient {
  return new SSMClient(region ? { region } : {});
}
