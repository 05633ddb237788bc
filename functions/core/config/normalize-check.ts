/** Turns a validated check as written into the CheckSpec the core and probes run on. */
import { parseDuration } from '../duration';
import { InvariantError } from '../errors';
import { type CheckSpec, DEFAULTS, type ProbeSpec } from './model';
import type { RawCheck } from './schema';

function probeOf(name: string, check: RawCheck): ProbeSpec {
  if (check.http) {
    return {
      type: 'http',
      url: check.http.url,
      method: check.http.method ?? 'GET',
      headers: check.http.headers ?? {},
      expectStatus: check.http.expectStatus ?? [],
      ...(check.http.bodyContains !== undefined ? { bodyContains: check.http.bodyContains } : {}),
    };
  }
  throw new InvariantError(`check ${name} passed validation without a check type`);
}

export function normalizeCheck(name: string, check: RawCheck): CheckSpec {
  return {
    name,
    probe: probeOf(name, check),
    timeoutMs: parseDuration(check.timeout ?? DEFAULTS.timeout) as number,
    intervalMs: parseDuration(check.interval ?? DEFAULTS.interval) as number,
    failureThreshold: check.failureThreshold ?? DEFAULTS.failureThreshold,
    successThreshold: check.successThreshold ?? DEFAULTS.successThreshold,
  };
}
