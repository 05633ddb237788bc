/**
 * Cloudflare API errors translated into the core's typed errors at the boundary: throttling, 5xx and
 * network failures are retryable ProviderErrors; a record that changed since it was read is a
 * ConflictError; everything else is a ProviderError the operator must look at.
 */
import { APIConnectionError, APIError, APIUserAbortError } from 'cloudflare/core/error';
import { ConflictError, ProviderError, TwinplaneError } from '../../core/errors';

const PROVIDER = 'cloudflare';

/** Error codes of the DNS records API that twinplane reacts to. */
export const CODES = {
  /** Please wait and consider throttling your request speed (HTTP 429). */
  rateLimited: 971,
  /** Record does not exist: a record id from the last read is gone. */
  recordMissing: 81044,
  /** An A, AAAA, or CNAME record with that host already exists. */
  hostTaken: 81053,
  /** A CNAME record with that host already exists. */
  cnameTaken: 81054,
  /** Record already exists (same name, type and content, other settings). */
  recordExists: 81057,
  /** An identical record already exists. */
  identical: 81058,
} as const;

/** The v4 envelope's error codes carried by an SDK error. */
export function errorCodes(error: unknown): number[] {
  if (!(error instanceof APIError)) return [];
  return error.errors.map((e) => e.code).filter((c): c is number => typeof c === 'number');
}

export function isRateLimited(error: unknown): error is APIError {
  return error instanceof APIError && (error.status === 429 || errorCodes(error).includes(CODES.rateLimited));
}

/** Connection failures, timeouts and 5xx: the request may be repeated once the API recovers. */
export function isTransient(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof APIConnectionError) return true;
  return error instanceof APIError && typeof error.status === 'number' && error.status >= 500;
}

/**
 * A request whose answer never came (the connection failed or timed out), told apart by its cause once
 * translated: the API may or may not have acted on it.
 */
export function isConnectionFailure(error: unknown): boolean {
  const cause = error instanceof TwinplaneError ? error.cause : error;
  return cause instanceof APIConnectionError;
}

/** Milliseconds the API asked us to wait (Retry-After in seconds or as an HTTP date), if it said. */
export function retryAfterMs(error: APIError, now: number): number | undefined {
  const header = error.headers?.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** One envelope error, with the specific reasons the API nests under it (9021 under 1004). */
function detail(e: { code?: number; message?: string; error_chain?: unknown }): string {
  const chain = Array.isArray(e.error_chain) ? (e.error_chain as { code?: number; message?: string }[]) : [];
  const nested = chain.length > 0 ? `: ${chain.map(detail).join('; ')}` : '';
  return `${e.message ?? 'error'} (${e.code ?? '?'})${nested}`;
}

function describe(error: APIError): string {
  const details = error.errors.map(detail).join('; ');
  return details ? `HTTP ${error.status ?? '?'}: ${details}` : error.message;
}

/**
 * Translates an SDK error. `what` names the operation for the message ("reading zone Z",
 * "applying 3 changes to zone Z").
 */
export function translate(error: unknown, what: string): TwinplaneError {
  if (!(error instanceof APIError)) {
    return new ProviderError(PROVIDER, `${what}: ${error instanceof Error ? error.message : String(error)}`, {
      retryable: false,
      cause: error,
    });
  }
  const codes = errorCodes(error);
  const code = codes[0] !== undefined ? String(codes[0]) : error.status ? `http-${error.status}` : undefined;
  const base = { cause: error, ...(code ? { code } : {}) };
  if (error instanceof APIConnectionError) {
    return new ProviderError(PROVIDER, `${what}: ${error.message}`, { retryable: true, ...base });
  }
  if (codes.includes(CODES.recordMissing) || codes.includes(CODES.recordExists)) {
    // The zone is no longer what the plan was made against: another writer got there first.
    return new ConflictError(`cloudflare ${what}`, `the zone changed since it was read: ${describe(error)}`, {
      cause: error,
    });
  }
  if (codes.includes(CODES.hostTaken) || codes.includes(CODES.cnameTaken)) {
    return new ProviderError(
      PROVIDER,
      `${what}: ${describe(error)}; a record twinplane does not own sits at that name (the next read reports it)`,
      { retryable: false, ...base },
    );
  }
  const retryable = isRateLimited(error) || isTransient(error);
  return new ProviderError(PROVIDER, `${what}: ${describe(error)}`, { retryable, ...base });
}
