/**
 * Where the CLI sends a manual request: the local plane's state directory, the AWS plane's control
 * Lambda (Lambda Invoke), or the Worker's authenticated API. Each answers in one shape.
 */
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { FileStateStore } from '../adapters/local/file-store';
import { LocalZoneProvider } from '../adapters/local/zone';
import { createProber } from '../adapters/probes';
import { systemClock } from '../adapters/system/clock';
import type { Config } from '../core/config/model';
import { dispatch } from '../core/dispatch';
import { type ErrorBody, errorBody, errorMessage } from '../core/errors';
import type { DnsProvider, PeerReader } from '../core/ports';
import type { ProviderName } from '../core/types';

/** Every target answers in the planes' one error shape (`ErrorBody`), whatever it was asked over. */
export type Answer = { ok: true; result: unknown } | { ok: false; error: ErrorBody };

/** A refusal the CLI itself found: the plane could not be asked, or answered in no known shape. */
const unreachable = (message: string, retryable = true, type = 'UnreachableError'): Answer => ({
  ok: false,
  error: { type, message, retryable },
});

/** An answer's `error` as sent, when it has the shape; anything else becomes a message. */
function bodyOf(value: unknown, otherwise: string): ErrorBody {
  const e = value as Partial<ErrorBody> | undefined;
  if (e && typeof e === 'object' && typeof e.message === 'string')
    return {
      type: typeof e.type === 'string' ? e.type : 'Error',
      message: e.message,
      ...(Array.isArray(e.issues) ? { issues: e.issues } : {}),
      retryable: e.retryable === true,
    };
  return { type: 'Error', message: otherwise, retryable: false };
}

export interface ControlTarget {
  readonly name: string;
  send(request: Record<string, unknown>): Promise<Answer>;
  close?(): Promise<void>;
}

export function localTarget(
  config: Config,
  stateDir: string,
  peers: PeerReader[] = [],
  cloud: Partial<Record<ProviderName, DnsProvider>> = {},
): ControlTarget {
  const zone = new LocalZoneProvider(stateDir);
  const store = new FileStateStore(stateDir);
  const deps = {
    config,
    plane: 'local' as const,
    store,
    exclusive: <T>(fn: () => Promise<T>) => store.exclusive(fn),
    providers: { ...cloud, ...(config.providers.local ? { local: zone } : {}) },
    prober: createProber(),
    clock: systemClock,
    peers,
  };
  return {
    name: `local plane (${stateDir})`,
    async send(request) {
      try {
        return { ok: true, result: (await dispatch(deps, request, 'twinplane CLI')).result };
      } catch (error) {
        const body = errorBody(error);
        // The issues are listed apart; the message keeps its first line.
        return { ok: false, error: body.issues ? { ...body, message: body.message.split('\n')[0]! } : body };
      }
    },
    close: () => zone.flush(),
  };
}

/** The control function answers {ok, action, result} or {ok: false, error: {message, issues}}. */
export function lambdaTarget(functionName: string, client = new LambdaClient({})): ControlTarget {
  return {
    name: `control Lambda ${functionName}`,
    async send(request) {
      let out: InvokeCommandOutput;
      try {
        out = await client.send(
          new InvokeCommand({
            FunctionName: functionName,
            Payload: new TextEncoder().encode(JSON.stringify(request)),
          }),
        );
      } catch (error) {
        return unreachable(`cannot invoke ${functionName}: ${errorMessage(error)}`);
      }
      const text = new TextDecoder().decode(out.Payload ?? new Uint8Array());
      let body: { ok?: boolean; result?: unknown; error?: unknown; errorMessage?: string };
      try {
        body = JSON.parse(text);
      } catch {
        return unreachable(`${functionName} answered something that is not JSON`, false);
      }
      if (out.FunctionError)
        return unreachable(
          `${functionName} failed: ${body.errorMessage ?? out.FunctionError}`,
          true,
          'FunctionError',
        );
      if (body.ok) return { ok: true, result: body.result };
      return { ok: false, error: bodyOf(body.error, 'the control function refused the request') };
    },
  };
}

/** Maps a request onto the Worker's routes (GET /v1/status, POST /v1/records/{name}/{action}, ...). */
export function workerRequest(
  base: string,
  request: Record<string, unknown>,
): { method: string; url: string; body?: string } {
  const root = base.replace(/\/+$/, '');
  const { action, record, ...rest } = request;
  switch (action) {
    case 'status':
    case 'plan':
      return { method: 'GET', url: `${root}/v1/${action}` };
    case 'history': {
      const query = new URLSearchParams();
      if (record) query.set('record', String(record));
      if (rest.limit !== undefined) query.set('limit', String(rest.limit));
      return { method: 'GET', url: `${root}/v1/history${query.size ? `?${query}` : ''}` };
    }
    case 'run':
      return { method: 'POST', url: `${root}/v1/run`, body: JSON.stringify(rest) };
    default:
      return {
        method: 'POST',
        url: `${root}/v1/records/${encodeURIComponent(String(record))}/${String(action)}`,
        body: JSON.stringify(rest),
      };
  }
}

export function workerTarget(url: string, token: string, fetcher: typeof fetch = fetch): ControlTarget {
  return {
    name: `Worker ${new URL(url).host}`,
    async send(request) {
      const { method, url: target, body } = workerRequest(url, request);
      let response: Response;
      try {
        response = await fetcher(target, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body } : {}),
        });
      } catch (error) {
        return unreachable(`cannot reach the Worker at ${new URL(url).host}: ${errorMessage(error)}`);
      }
      const json = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
      if (response.ok) return { ok: true, result: json };
      return { ok: false, error: bodyOf(json?.error, `the Worker answered ${response.status}`) };
    },
  };
}
