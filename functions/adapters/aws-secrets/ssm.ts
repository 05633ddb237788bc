/**
 * Secrets (`{secret: NAME}` in twinplane.yaml) from SSM Parameter Store SecureStrings named
 * `<prefix><NAME>`, e.g. /twinplane/prod/CLOUDFLARE_API_TOKEN. Each is fetched once per container and
 * cached; values are never logged and never part of an error message.
 */
import type { GetParameterCommandInput, GetParameterCommandOutput } from '@aws-sdk/client-ssm';
import type { SecretRef } from '../../core/config/model';
import { SecretError } from '../../core/errors';
import { describeAwsError, isRetryableAwsError } from '../aws-common/errors';

export interface SsmApi {
  getParameter(input: GetParameterCommandInput): Promise<GetParameterCommandOutput>;
}

export { SecretError };

export interface SecretResolver {
  resolve(ref: SecretRef): Promise<string>;
}

export const DEFAULT_SSM_PREFIX = '/twinplane/';

export function parameterName(ref: SecretRef, prefix = DEFAULT_SSM_PREFIX): string {
  return `${prefix.endsWith('/') ? prefix : `${prefix}/`}${ref.secret}`;
}

export class SsmSecrets implements SecretResolver {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(
    private readonly api: SsmApi,
    private readonly prefix = DEFAULT_SSM_PREFIX,
  ) {}

  resolve(ref: SecretRef): Promise<string> {
    const name = parameterName(ref, this.prefix);
    let pending = this.cache.get(name);
    if (!pending) {
      pending = this.fetch(name);
      // A failure is not cached: the next invocation asks again.
      pending.catch(() => this.cache.delete(name));
      this.cache.set(name, pending);
    }
    return pending;
  }

  private async fetch(name: string): Promise<string> {
    let out: GetParameterCommandOutput;
    try {
      out = await this.api.getParameter({ Name: name, WithDecryption: true });
    } catch (error) {
      const missing = (error as Error)?.name === 'ParameterNotFound';
      throw new SecretError(
        name,
        missing
          ? `SSM parameter ${name} does not exist; create it as a SecureString`
          : `reading SSM parameter ${name} failed: ${describeAwsError(error)}`,
        { retryable: !missing && isRetryableAwsError(error), cause: error },
      );
    }
    const value = out.Parameter?.Value;
    if (!value) throw new SecretError(name, `SSM parameter ${name} is empty`, { retryable: false });
    return value;
  }
}
