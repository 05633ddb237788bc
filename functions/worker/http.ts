/**
 * JSON answers and the mapping of typed errors to HTTP. Every refusal is `{ok: false, error: ErrorBody}`,
 * the body the control Lambda and the CLI's --json give: input errors are 400 naming the field, an
 * unsafe plan or a lost race 409, a broken configuration 500 with every issue, anything a later try may
 * fix 503. Results cross from the Durable Object as plain {status, body} so no error class has to
 * survive the RPC boundary.
 */
import {
  ConfigError,
  ConflictError,
  type ErrorBody,
  errorBody,
  RequestError,
  UnsafePlanError,
} from '../core/errors';

export interface ApiResult {
  status: number;
  body: unknown;
}

export const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

/** A refusal found by the Worker itself (routing, authentication, a missing secret). */
export const fail = (
  status: number,
  error: Omit<ErrorBody, 'retryable'> & { retryable?: boolean },
  extra: Record<string, unknown> = {},
): ApiResult => ({
  status,
  body: { ok: false, error: { ...error, retryable: error.retryable ?? false }, ...extra },
});

function statusOf(error: unknown, body: ErrorBody): number {
  if (error instanceof RequestError) return 400;
  if (error instanceof UnsafePlanError || error instanceof ConflictError) return 409;
  if (error instanceof ConfigError) return 500;
  return body.retryable ? 503 : 500;
}

export function errorResult(error: unknown): ApiResult {
  const body = errorBody(error);
  return { status: statusOf(error, body), body: { ok: false, error: body } };
}

export function respond(result: ApiResult, headers: HeadersInit = {}): Response {
  return Response.json(result.body, {
    status: result.status,
    headers: { 'cache-control': 'no-store', ...headers },
  });
}
