/** Typed errors as the control function's answer: `{ok: false, error: {type, message, issues?, retryable?}}`. */

import { SecretError } from '../adapters/aws-secrets/ssm';
import {
  ConflictError,
  InputError,
  type Issue,
  ProviderError,
  StoreError,
  TwinplaneError,
  UnsafePlanError,
} from '../core/errors';

/** A refused request carries `result` too when it ran but did not change what it meant to. */
export type ControlResponse =
  | { ok: true; action: string; result: unknown }
  | { ok: false; error: ErrorBody; action?: string; result?: unknown };

export interface ErrorBody {
  type: string;
  message: string;
  issues?: Issue[];
  retryable?: boolean;
}

export function errorBody(error: unknown): ErrorBody {
  if (error instanceof InputError)
    return { type: error.name, message: error.message, issues: [...error.issues] };
  if (error instanceof UnsafePlanError) {
    return {
      type: error.name,
      message: error.message,
      issues: error.reasons.map((message) => ({ path: '', message })),
    };
  }
  if (error instanceof ProviderError || error instanceof StoreError || error instanceof SecretError) {
    return { type: error.name, message: error.message, retryable: error.retryable };
  }
  if (error instanceof ConflictError) return { type: error.name, message: error.message, retryable: true };
  if (error instanceof TwinplaneError) return { type: error.name, message: error.message };
  return { type: 'InternalError', message: error instanceof Error ? error.message : String(error) };
}
