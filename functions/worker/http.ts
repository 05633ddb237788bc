/**
 * JSON answers and the mapping of typed errors to HTTP: input errors are 400 naming the field, an
 * unsafe plan 409, a broken configuration 500 with every issue. Results cross from the Durable Object
 * as plain {status, body} so no error class has to survive the RPC boundary.
 */
import { ConfigError, errorMessage, RequestError, UnsafePlanError } from '../core/errors';

export interface ApiResult {
  status: number;
  body: unknown;
}

export const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

export const fail = (status: number, error: string, extra: Record<string, unknown> = {}): ApiResult => ({
  status,
  body: { error, ...extra },
});

export function errorResult(error: unknown): ApiResult {
  if (error instanceof RequestError)
    return fail(400, 'the request is invalid; nothing was changed', { issues: error.issues });
  if (error instanceof ConfigError)
    return fail(500, 'the bundled configuration is invalid', { issues: error.issues });
  if (error instanceof UnsafePlanError)
    return fail(409, 'the plan was refused by a safety gate; nothing was changed', {
      reasons: error.reasons,
    });
  return fail(500, errorMessage(error));
}

export function respond(result: ApiResult, headers: HeadersInit = {}): Response {
  return Response.json(result.body, {
    status: result.status,
    headers: { 'cache-control': 'no-store', ...headers },
  });
}
