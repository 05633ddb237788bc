/**
 * Typed errors. Three families, so callers can tell "fix your input" from "retry later" from "bug":
 * - InputError (ConfigError, RequestError): the operator must change something; nothing was written.
 * - ProviderError / ConflictError / StoreError: the outside world refused; retry on a later tick.
 * - InvariantError: twinplane itself is wrong; report it.
 */

export interface Issue {
  /** Dotted path of the offending field, e.g. `records[0].pools[1].values[0]`. Empty for the root. */
  path: string;
  message: string;
  /** Request fields that would override the refusal, e.g. `{force: true}`; each surface says it its way. */
  override?: Record<string, unknown>;
}

/** How a surface names a request field: the API says `force: true`, the CLI says `--force`. */
export type FieldWording = (field: string, value: unknown) => string;
export const apiWording: FieldWording = (field, value) => `${field}: ${JSON.stringify(value)}`;

export function formatIssues(issues: readonly Issue[], wording: FieldWording = apiWording): string {
  return issues
    .map((i) => {
      const override = i.override
        ? `; pass ${Object.entries(i.override)
            .map(([field, value]) => wording(field, value))
            .join(' ')} to override`
        : '';
      return `${i.path ? `${i.path}: ` : ''}${i.message}${override}`;
    })
    .join('\n');
}

export class TwinplaneError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Thrown when input (config, event, API request) fails validation. Carries every issue, not just the first. */
export class InputError extends TwinplaneError {
  readonly issues: readonly Issue[];
  constructor(what: string, issues: readonly Issue[], options?: { cause?: unknown }) {
    super(`${what} is invalid:\n${formatIssues(issues)}`, options);
    this.issues = issues;
  }
}

/**
 * Thrown when a configuration document fails validation, or when a plane lacks what the configuration
 * needs (an adapter's secret, a zone): found at start, never retried tick after tick.
 */
export class ConfigError extends InputError {
  constructor(issues: readonly Issue[], options?: { cause?: unknown; source?: string }) {
    super(options?.source ? `configuration ${options.source}` : 'configuration', issues, options);
  }
}

/** Thrown when a manual action or API request fails validation or cannot be honoured as asked. */
export class RequestError extends InputError {
  constructor(issues: readonly Issue[], options?: { cause?: unknown }) {
    super('request', issues, options);
  }
}

/** Thrown by a DNS provider adapter. `retryable` marks throttling, timeouts and 5xx. */
export class ProviderError extends TwinplaneError {
  readonly provider: string;
  readonly retryable: boolean;
  readonly code: string | undefined;
  constructor(
    provider: string,
    message: string,
    options: { retryable: boolean; code?: string; cause?: unknown },
  ) {
    super(`${provider}: ${message}`, { cause: options.cause });
    this.provider = provider;
    this.retryable = options.retryable;
    this.code = options.code;
  }
}

/**
 * Thrown when a compare-and-set lost a race: the state version, a transition id, or a provider's
 * ownership marker changed under us. Another writer won; nothing of ours was applied.
 */
export class ConflictError extends TwinplaneError {
  readonly resource: string;
  constructor(resource: string, message: string, options?: { cause?: unknown }) {
    super(`conflict on ${resource}: ${message}`, options);
    this.resource = resource;
  }
}

/** Thrown by a state store adapter for anything other than a lost compare-and-set. */
export class StoreError extends TwinplaneError {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable;
  }
}

/** Thrown when a secret cannot be read. `retryable` is false when the operator must create or grant it. */
export class SecretError extends TwinplaneError {
  readonly secret: string;
  readonly retryable: boolean;
  constructor(secret: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.secret = secret;
    this.retryable = options.retryable;
  }
}

/** Thrown when a plan would break a safety gate (too many changes, an empty record set, apex NS/SOA). */
export class UnsafePlanError extends TwinplaneError {
  readonly reasons: readonly string[];
  constructor(reasons: readonly string[]) {
    super(`plan refused: ${reasons.join('; ')}`);
    this.reasons = reasons;
  }
}

/** Thrown when twinplane's own invariants break. Always a bug. */
export class InvariantError extends TwinplaneError {}

/** True when a later tick may succeed where this one failed. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ProviderError || error instanceof StoreError || error instanceof SecretError)
    return error.retryable;
  return error instanceof ConflictError;
}

/**
 * A typed error as every plane answers it (the control Lambda, the Worker's API, the CLI's --json):
 * `type` is the error's name, `issues` name the fields to fix, `retryable` says whether asking again
 * later may succeed.
 */
export interface ErrorBody {
  type: string;
  message: string;
  issues?: Issue[];
  retryable: boolean;
}

export function errorBody(error: unknown): ErrorBody {
  const retryable = isRetryable(error);
  if (error instanceof InputError)
    return { type: error.name, message: error.message, issues: [...error.issues], retryable };
  if (error instanceof UnsafePlanError) {
    return {
      type: error.name,
      message: error.message,
      issues: error.reasons.map((message) => ({ path: '', message })),
      retryable,
    };
  }
  if (error instanceof TwinplaneError) return { type: error.name, message: error.message, retryable };
  return { type: 'InternalError', message: errorMessage(error), retryable: false };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
