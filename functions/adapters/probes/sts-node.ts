/**
 * The AWS STS preset (Node): GetCallerIdentity with the plane's own credentials, so a broken credential
 * chain or identity broker shows up as a failing check with the SDK's error named in the reason. The
 * SDK client is imported at the first STS check, so a plane without one never loads it.
 */
import type { STSClient, STSClientConfig } from '@aws-sdk/client-sts';
import type { StsProbeSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import { classifyNetError, netReason } from './net-errors';
import { redFlag } from './red-flags';
import { type FailClass, fail, pass, stopwatch } from './result';

export interface StsOptions {
  /** Default: the SDK's default credential chain (environment, profile, container, instance). */
  credentials?: STSClientConfig['credentials'];
}

interface SdkError {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The class of an STS failure: credential and token problems are `auth`, the rest by transport. */
export function classifyStsError(error: unknown, aborted: boolean): { class: FailClass; detail: string } {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? 'Error';
  const message = e.message ?? String(error);
  const flag = redFlag(name, e.Code, message);
  if (flag) return { class: 'auth', detail: `${flag}: ${message}` };
  if (aborted || name === 'AbortError' || name === 'TimeoutError')
    return { class: 'timeout', detail: 'timed out' };
  if (/AccessDenied|UnrecognizedClient|InvalidAccessKeyId|NotAuthorized/.test(name)) {
    return { class: 'auth', detail: `${name}: ${message}` };
  }
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return { class: 'status', detail: `status ${status} (${name}: ${message})` };
  return classifyNetError(error, false);
}

type Sdk = typeof import('@aws-sdk/client-sts');

export function stsProber(options: StsOptions = {}) {
  const clients = new Map<string, STSClient>();
  const clientFor = (spec: StsProbeSpec, sdk: Sdk) => {
    const key = `${spec.region} ${spec.endpoint ?? ''}`;
    let client = clients.get(key);
    if (!client) {
      client = new sdk.STSClient({
        region: spec.region,
        maxAttempts: 1,
        ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
      clients.set(key, client);
    }
    return client;
  };
  return async (spec: StsProbeSpec, signal: AbortSignal): Promise<ProbeResult> => {
    const elapsed = stopwatch();
    const where = `STS GetCallerIdentity in ${spec.region}`;
    try {
      const sdk = await import('@aws-sdk/client-sts');
      const out = await clientFor(spec, sdk).send(new sdk.GetCallerIdentityCommand({}), {
        abortSignal: signal,
      });
      const latency = elapsed();
      if (spec.account !== undefined && out.Account !== spec.account) {
        return fail(
          'auth',
          latency,
          `${where}: caller ${out.Arn} is in account ${out.Account}, expected ${spec.account}`,
        );
      }
      if (spec.arn !== undefined && !out.Arn?.includes(spec.arn)) {
        return fail('auth', latency, `${where}: caller ${out.Arn} does not contain "${spec.arn}"`);
      }
      return pass(latency, `${where} as ${out.Arn} in ${latency} ms`);
    } catch (error) {
      const { class: cls, detail } = classifyStsError(error, signal.aborted);
      const ms = elapsed();
      if (cls === 'auth' || cls === 'status') return fail(cls, ms, `${where}: ${detail} after ${ms} ms`);
      const target = spec.endpoint ? new URL(spec.endpoint).host : `sts.${spec.region}.amazonaws.com`;
      return fail(cls, ms, `${where}: ${netReason(cls, detail, target, ms)}`);
    }
  };
}
