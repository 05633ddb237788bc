/** Route 53 SDK errors as the core's typed errors: a ProviderError with the error code, retryable or not. */
import { ProviderError } from '../../core/errors';
import { awsErrorShape, isRetryableAwsError } from '../aws-common/errors';

/**
 * A ProviderError carrying Route 53's error code. Whether an InvalidChangeBatch was a lost race is told
 * by the provider from a fresh read (races.ts), never from the message's wording.
 */
export function translateRoute53Error(error: unknown, what: string): ProviderError {
  const e = awsErrorShape(error) as { name?: string; message?: string; messages?: string[] };
  const name = e.name ?? 'Error';
  const message = [...new Set([e.message ?? String(error), ...(e.messages ?? [])])].join(' ');
  return new ProviderError('route53', `${what}: ${name}: ${message}`, {
    retryable: isRetryableAwsError(error),
    code: name,
    cause: error,
  });
}
