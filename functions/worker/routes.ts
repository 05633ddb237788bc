/**
 * The Worker's HTTP surface. Each API route becomes the same request object every plane takes
 * (core/request.ts), so validation, and the rule that bad input writes nothing, live in one place.
 */
import { RequestError } from '../core/errors';
import { VERDICT_PREFIX } from '../core/verdict';
import { readBodyCapped } from './body';

export type Route =
  | { kind: 'healthz' }
  | { kind: 'metrics' }
  | { kind: 'page' }
  | { kind: 'beacon' }
  | { kind: 'control'; input: Record<string, unknown>; body: boolean }
  /** Route 53 health checkers asking a verdict; authenticated by the secret in the path (core/verdict.ts). */
  | { kind: 'verdict'; pathname: string }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string };

const MANUAL = new Set(['failover', 'failback', 'pin', 'unpin']);
/** Largest request body read. */
export const MAX_BODY = 16 * 1024;

export function route(method: string, url: URL): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const only = (allowed: string, next: Route): Route =>
    method === allowed ? next : { kind: 'method-not-allowed', allow: allowed };
  if (path === '/healthz') return only('GET', { kind: 'healthz' });
  if (url.pathname.startsWith(VERDICT_PREFIX))
    return only('GET', { kind: 'verdict', pathname: url.pathname });
  if (path === '/metrics') return only('GET', { kind: 'metrics' });
  if (path === '/status') return only('GET', { kind: 'page' });
  if (path === '/v1/beacon') return only('GET', { kind: 'beacon' });
  if (path === '/v1/status')
    return only('GET', { kind: 'control', input: { action: 'status' }, body: false });
  if (path === '/v1/plan') return only('GET', { kind: 'control', input: { action: 'plan' }, body: false });
  if (path === '/v1/history') {
    const input: Record<string, unknown> = { action: 'history' };
    const record = url.searchParams.get('record');
    const limit = url.searchParams.get('limit');
    if (record) input.record = record;
    if (limit !== null) input.limit = /^\d+$/.test(limit) ? Number(limit) : limit;
    return only('GET', { kind: 'control', input, body: false });
  }
  if (path === '/v1/run') return only('POST', { kind: 'control', input: { action: 'run' }, body: true });
  const manual = /^\/v1\/records\/([^/]+)\/([a-z]+)$/.exec(path);
  if (manual && MANUAL.has(manual[2]!)) {
    let record: string;
    try {
      record = decodeURIComponent(manual[1]!);
    } catch {
      return { kind: 'not-found' };
    }
    return only('POST', { kind: 'control', input: { action: manual[2], record }, body: true });
  }
  return { kind: 'not-found' };
}

/**
 * The request's JSON body merged into the route's input. The body may add options (pool, force,
 * until, dryRun); the action and the record come from the path only. Throws RequestError.
 */
export async function withBody(
  request: Request,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const text = await readBodyCapped(request, MAX_BODY);
  if (text.trim() === '') return input;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RequestError([{ path: 'body', message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new RequestError([{ path: 'body', message: 'must be a JSON object' }]);
  const clash = Object.keys(input).filter((key) => key in body);
  if (clash.length > 0)
    throw new RequestError(clash.map((key) => ({ path: key, message: 'comes from the URL, not the body' })));
  return { ...body, ...input };
}
