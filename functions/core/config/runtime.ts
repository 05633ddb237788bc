/** What each probe runtime can run, so a check the runtime cannot run is refused up front. */
import type { Issue } from '../errors';
import { isIPv4, isIPv6 } from '../names';
import type { PlaneId } from '../types';
import type { Config, ProbeSpec } from './model';

/** `node`: Lambda and the local plane. `worker`: workerd (fetch, and connect() for TCP). */
export type ProbeRuntime = 'node' | 'worker';

/** The planes whose checks each runtime probes. */
export const RUNTIME_PLANES: Record<ProbeRuntime, readonly PlaneId[]> = {
  node: ['aws', 'local'],
  worker: ['cloudflare'],
};

const NODE_ONLY = 'run this check on Node planes only (planes: [aws, local])';

function bareIp(url: string): string | undefined {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return isIPv4(host) || isIPv6(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

const noBareIp = (field: string, url: string) => {
  const ip = bareIp(url);
  return ip
    ? [
        {
          field,
          message: `the Worker cannot fetch a bare IP address (${ip}); use a host name, or ${NODE_ONLY}`,
        },
      ]
    : [];
};

/**
 * Why `runtime` cannot run `probe`: one entry per offending field (relative to the check type's key,
 * e.g. `url`, `resolvers[1]`, or '' for the whole type). Empty when the runtime can run it.
 */
export function unsupportedFields(
  probe: ProbeSpec,
  runtime: ProbeRuntime,
): { field: string; message: string }[] {
  if (runtime === 'node') return [];
  switch (probe.type) {
    case 'http':
      return [
        ...noBareIp('url', probe.url),
        ...(probe.address !== undefined
          ? [
              {
                field: 'address',
                message: `the Worker cannot choose the address it connects to; drop address, or ${NODE_ONLY}`,
              },
            ]
          : []),
      ];
    case 'openid':
      return noBareIp('url', probe.url);
    case 'dns':
      return probe.resolvers.flatMap((r, i) =>
        r.kind === 'doh'
          ? noBareIp(`resolvers[${i}]`, r.url)
          : [
              {
                field: `resolvers[${i}]`,
                message: `plain DNS over ${r.kind} needs Node; use a DNS-over-HTTPS resolver, or ${NODE_ONLY}`,
              },
            ],
      );
    case 'tcp':
      return probe.port === 25 ? [{ field: 'port', message: 'the Worker cannot connect to port 25' }] : [];
    case 'tls':
      return [
        {
          field: '',
          message: `TLS certificate checks are unsupported on the Worker (it cannot read peer certificates); ${NODE_ONLY}`,
        },
      ];
    case 'sts':
      return [{ field: '', message: `AWS STS checks are unsupported on the Worker; ${NODE_ONLY}` }];
  }
}

/**
 * Issues for every check that `runtime` would run but cannot, each with its path
 * (`checks.api.http.url: the Worker cannot fetch a bare IP address ...`). A check runs on a runtime
 * when its `planes` include one of RUNTIME_PLANES[runtime] (or `plane`, when given).
 *
 * Contract: pure and synchronous; never throws for a valid Config; returns [] when everything is
 * runnable. The Worker calls it with 'worker' at build time and at cold start and refuses to tick on
 * any issue (throw `new ConfigError(issues)`); Node planes may call it with 'node' (always []). The
 * probers never pass an unsupported check either: they report it as class `unsupported`.
 */
export function validateChecksForRuntime(config: Config, runtime: ProbeRuntime, plane?: PlaneId): Issue[] {
  const planes = plane ? [plane] : RUNTIME_PLANES[runtime];
  const issues: Issue[] = [];
  for (const check of Object.values(config.checks)) {
    if (!check.planes.some((p) => planes.includes(p))) continue;
    for (const { field, message } of unsupportedFields(check.probe, runtime)) {
      const path = `checks.${check.name}.${check.probe.type}${field ? `.${field}` : ''}`;
      issues.push({ path, message });
    }
  }
  return issues;
}
