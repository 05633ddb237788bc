/** Builds configs and CheckSpecs from checks as written in twinplane.yaml, through the real validator. */
import type { CheckSpec } from '../../../../../functions/core/config/model';
import { parseConfig } from '../../../../../functions/core/config/validate';

/** A valid document around the given checks, each used by both pools of one record. */
export function configWithChecks(checks: Record<string, unknown>) {
  return {
    providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
    checks,
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['route53'],
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: Object.keys(checks) },
          { name: 'secondary', values: ['192.0.2.11'], checks: Object.keys(checks) },
        ],
      },
    ],
  };
}

export function checkOf(check: Record<string, unknown>, name = 'c'): CheckSpec {
  return parseConfig(configWithChecks({ [name]: { timeout: '2s', ...check } })).checks[name]!;
}

/** A signal that aborts after `ms` (the core's timeout, for probes tested on their own). */
export const within = (ms = 2_000) => AbortSignal.timeout(ms);
