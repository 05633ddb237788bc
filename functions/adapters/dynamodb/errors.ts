/** DynamoDB SDK errors as the core's typed errors: ConflictError for a lost condition, StoreError otherwise. */
import { ConflictError, StoreError, type TwinplaneError } from '../../core/errors';
import { describeAwsError, isRetryableAwsError } from '../aws-common/errors';
import { type Item, numberOf } from './items';

export interface CancellationReason {
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

export interface CommitContext {
  record: string;
  expectedVersion: number;
  transitionId?: string | undefined;
}

/** The reasons of a cancelled transaction, one per item in order; undefined for any other error. */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  const e = error as { name?: string; CancellationReasons?: CancellationReason[] };
  return e?.name === 'TransactionCanceledException' ? (e.CancellationReasons ?? []) : undefined;
}

/**
 * Whether one record lost its part of a cancelled transaction (`state`: the reason of its state Put,
 * `transition`: of its transition Put): a failed condition or a concurrent transaction means another
 * writer won it. Undefined when the record was cancelled only because another item of it failed.
 */
export function recordConflict(
  state: CancellationReason | undefined,
  transition: CancellationReason | undefined,
  context: CommitContext,
  cause: unknown,
): ConflictError | undefined {
  if (state?.Code === 'ConditionalCheckFailed') {
    const found = numberOf(state.Item, 'version');
    return new ConflictError(
      context.record,
      `state version is ${found ?? 0}, expected ${context.expectedVersion}`,
      { cause },
    );
  }
  if (transition?.Code === 'ConditionalCheckFailed') {
    return new ConflictError(context.record, `transition ${context.transitionId} is already recorded`, {
      cause,
    });
  }
  if (state?.Code === 'TransactionConflict' || transition?.Code === 'TransactionConflict') {
    return new ConflictError(context.record, 'another transaction was writing it', { cause });
  }
  return undefined;
}

/** A cancelled transaction none of whose records lost a race: a StoreError naming the codes. */
export function cancelledError(what: string, reasons: readonly CancellationReason[], cause: unknown) {
  const codes = reasons.map((r) => r.Code ?? 'None').join(', ');
  return new StoreError(`dynamodb: ${what} was cancelled: ${codes}`, {
    retryable: reasons.some((r) => RETRYABLE_CODES.has(r.Code ?? '')),
    cause,
  });
}

/**
 * A cancelled commit transaction, reason by reason (index 0: the state Put, index 1: the transition Put).
 * A failed condition or a concurrent transaction means another writer won: ConflictError.
 */
export function translateCommitError(error: unknown, context: CommitContext): TwinplaneError {
  if ((error as Error)?.name === 'TransactionConflictException') {
    return new ConflictError(context.record, 'another transaction was writing it', { cause: error });
  }
  const reasons = cancellationReasons(error);
  if (!reasons) return storeError(error, `committing ${context.record}`);
  const [state, transition] = reasons;
  return (
    recordConflict(state, transition, context, error) ??
    (reasons.some((r) => r.Code === 'TransactionConflict')
      ? new ConflictError(context.record, 'another transaction was writing it', { cause: error })
      : cancelledError(`committing ${context.record}`, reasons, error))
  );
}
