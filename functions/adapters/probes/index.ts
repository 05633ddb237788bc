/** The Prober for a runtime: dispatches each check to the probe for its type. */
import type { CheckSpec } from '../../core/config/model';
import type { ProbeResult, Prober } from '../../core/ports';
import { probeHttp } from './http';

export function createProber(): Prober {
  return {
    async probe(check: CheckSpec, signal: AbortSignal): Promise<ProbeResult> {
      switch (check.probe.type) {
        case 'http':
          return probeHttp(check.probe, signal);
      }
    },
  };
}
