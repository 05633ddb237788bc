/**
 * One signed AWS request over `fetch`, and AWS errors shaped as the SDK shapes them (name = the error
 * code, message, $metadata.httpStatusCode, the body's other fields), so the adapters' error handling
 * (aws-common/errors.ts, route53/errors.ts, dynamodb/errors.ts) reads both alike.
 */
import { type AwsCredentials, signRequest } from './sigv4';

export interface AwsFetchOptions {
  credentials: AwsCredentials;
  region: string;
  /** Another endpoint (LocalStack, a test double); else the service's public endpoint. */
  endpoint?: string | undefined;
  /** Abandon one request after this long (default 10 s): a TimeoutError, which the adapters retry. */
  timeoutMs?: number;
  /** Injectable for tests; default globalThis.fetch. */
  fetch?: typeof fetch;
  /** ms since epoch; injectable for tests. */
  now?: () => number;
}

export interface AwsRequest {
  service: string;
  /** The public endpoint, used unless the options name another. */
  host: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: string;
}

export interface AwsResponse {
  status: number;
  text: string;
  requestId?: string | undefined;
}

/** An AWS error as the SDK raises it. */
export class AwsServiceError extends Error {
  readonly $metadata: { httpStatusCode?: number; requestId?: string | undefined };
  readonly $retryable?: { throttling?: boolean };
  [field: string]: unknown;

  constructor(
    name: string,
    message: string,
    metadata: { httpStatusCode?: number; requestId?: string | undefined },
    options: { fields?: Record<string, unknown>; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.assign(this, options.fields);
    this.name = name;
    this.$metadata = metadata;
    if (options.retryable) this.$retryable = {};
  }
}

function queryString(query: Record<string, string | undefined> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Sends one signed request; a network failure or timeout is a retryable AwsServiceError. */
export async function awsFetch(options: AwsFetchOptions, request: AwsRequest): Promise<AwsResponse> {
  const base = options.endpoint ? options.endpoint.replace(/\/+$/, '') : `https://${request.host}`;
  const url = new URL(`${base}${request.path}${queryString(request.query)}`);
  const body = request.body ?? '';
  const headers = await signRequest({
    method: request.method,
    url,
    headers: request.headers ?? {},
    body,
    region: options.region,
    service: request.service,
    credentials: options.credentials,
    now: (options.now ?? Date.now)(),
  });
  const send = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await send(url, {
      method: request.method,
      headers,
      ...(request.method === 'GET' ? {} : { body }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const timedOut = (error as Error)?.name === 'TimeoutError';
    throw new AwsServiceError(
      timedOut ? 'TimeoutError' : 'NetworkError',
      timedOut
        ? `${request.service}: no answer within ${options.timeoutMs ?? 10_000} ms`
        : `${request.service}: ${(error as Error)?.message ?? String(error)}`,
      {},
      { retryable: true, cause: error },
    );
  }
  return {
    status: response.status,
    // Decoded here: workerd warns on .text() of a body typed application/x-amz-json-1.0.
    text: new TextDecoder().decode(await response.arrayBuffer()),
    requestId:
      response.headers.get('x-amzn-requestid') ?? response.headers.get('x-amz-request-id') ?? undefined,
  };
}
