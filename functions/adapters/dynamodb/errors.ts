/** DynamoDB SDK errors as the core's typed errors: ConflictError for a lost condition, StoreError otherwise. */
import { ConflictError, StoreError, type TwinplaneError } from '../../core/errors';
import { describeAwsError, isRetryableAwsError } from '../aws-common/errors';
import { type Item, numberOf } from './items';

interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: Item;
}

const RETRYABLE_CODES = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
  'InternalServerError',
]);
export function storeError(error: unknown, what: string): StoreError {
  return new StoreError(`dynamodb: ${what}: ${describeAwsError(error)}`, {
    retryable: isRetryableAwsError(error),
    cause: error,
  });
}

/**
 * A cancelled commit transaction, reason by reason (index 0: the state Put, index 1: the transition Put).
 * A failed condition or a concurrent transaction means another writer won: ConflictError.
 */
export function translateCommitError(
  error: unknown,
  context: { record: string; expectedVersion: number; transitionId?: string | undefined },
): TwinplaneError {
  const e = error as { name?: string; CancellationReasons?: CancellationReason[] };
  if (e?.name === 'TransactionConflictException') {
    return new ConflictError(context.record, 'another transaction was writing it', { cause: error });
  }
  if (e?.name !== 'TransactionCanceledException') return storeError(error, `committing ${context.record}`);
  const reasons = e.CancellationReasons ?? [];
  const [state, transition] = reasons;
  if (state?.Code === 'ConditionalCheckFailed') {
    const found = numberOf(state.Item, 'version');
    return new ConflictError(
      context.record,
      `state version is ${found ?? 0}, expected ${context.expectedVersion}`,
      { cause: error },
    );
  }
  if (transition?.Code === 'ConditionalCheckFailed') {
    return new ConflictError(context.record, `transition ${context.transitionId} is already recorded`, {
      cause: error,
    });
  }
  if (reasons.some((r) => r.Code === 'TransactionConflict')) {
    return new ConflictError(context.record, 'another transaction was writing it', { cause: error });
  }
  const codes = reasons.map((r) => r.Code ?? 'None').join(', ');
  return new StoreError(`dynamodb: committing ${context.record} was cancelled: ${codes}`, {
    retryable: reasons.some((r) => RETRYABLE_CODES.has(r.Code ?? '')),
    cause: error,
  });
}
