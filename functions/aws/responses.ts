/** The control function's answer: `{ok: true, action, result}` or `{ok: false, error: ErrorBody}`. */
import type { ErrorBody } from '../core/errors';

export { type ErrorBody, errorBody } from '../core/errors';

/** A refused request carries `result` too when it ran but did not change what it meant to. */
export type ControlResponse =
  | { ok: true; action: string; result: unknown }
  | { ok: false; error: ErrorBody; action?: string; result?: unknown };
