/** Builds a CheckSpec from a check as written in twinplane.yaml, through the real validator. */
import type { CheckSpec } from '../../../../../functions/core/config/model';
import { parseConfig } from '../../../../../functions/core/config/validate';

export function checkOf(check: Record<string, unknown>, name = 'c'): CheckSpec {
  const config = parseConfig({
    providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
    checks: { [name]: { timeout: '2s', ...check } },
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['route53'],
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: [name] },
          { name: 'secondary', values: ['192.0.2.11'], checks: [name] },
        ],
      },
    ],
  });
  return config.checks[name]!;
}

/** A signal that aborts after `ms` (the core's timeout, for probes tested on their own). */
export const within = (ms = 2_000) => AbortSignal.timeout(ms);
