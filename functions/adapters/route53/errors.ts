/** Route 53 SDK errors as the core's typed errors: retryable ProviderError, ConflictError for a lost CAS. */
import { ConflictError, ProviderError, type TwinplaneError } from '../../core/errors';
import { awsErrorShape, isRetryableAwsError } from '../aws-common/errors';
import { decodeName } from './codec';

/** The record set names an InvalidChangeBatch message refers to: `[name='x.example.com.', type='TXT']`. */
export function namesInMessage(message: string): string[] {
  return [...message.matchAll(/name='([^']+)'/g)].map((m) => decodeName(m[1] ?? ''));
}

/**
 * `guarded` lists the names whose change is a compare-and-set (markers, and sets we CREATE): an
 * InvalidChangeBatch naming one of them means another writer got there first.
 */
export function translateRoute53Error(
  error: unknown,
  what: string,
  guarded: ReadonlySet<string> = new Set(),
): TwinplaneError {
  const e = awsErrorShape(error) as { name?: string; message?: string; messages?: string[] };
  const name = e.name ?? 'Error';
  const message = [...new Set([e.message ?? String(error), ...(e.messages ?? [])])].join(' ');
  if (name === 'InvalidChangeBatch') {
    const raced = namesInMessage(message).find((n) => guarded.has(n));
    if (raced)
      return new ConflictError(raced, `Route 53 refused the change batch: ${message}`, { cause: error });
  }
  return new ProviderError('route53', `${what}: ${name}: ${message}`, {
    retryable: isRetryableAwsError(error),
    code: name,
    cause: error,
  });
}
