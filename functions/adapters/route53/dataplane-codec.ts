/** Data-plane objects <-> Route 53's: health check configs and failover record sets. */
import type { HealthCheck, HealthCheckConfig, ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { FoundHealthCheck } from '../../core/dataplane-checks';
import type { DataPlaneHealthCheck, FailoverSet } from '../../core/dataplane-plan';
import type { FoundFailoverSet } from '../../core/dataplane-sets';
import { isIPv4, isIPv6 } from '../../core/names';
import { decodeName, fromAws } from './codec';

/** `children` are ids here: the caller resolves the keys of a CALCULATED check first. */
export function toHealthCheckConfig(check: DataPlaneHealthCheck, children: string[]): HealthCheckConfig {
  const c = check.config;
  if (c.type === 'CALCULATED')
    return { Type: 'CALCULATED', ChildHealthChecks: children, HealthThreshold: c.healthThreshold };
  return {
    Type: c.type,
    ...(c.fqdn ? { FullyQualifiedDomainName: c.fqdn } : {}),
    ...(c.ip ? { IPAddress: c.ip } : {}),
    Port: c.port,
    ResourcePath: c.resourcePath,
    Inverted: c.inverted,
    RequestInterval: c.requestIntervalS,
    FailureThreshold: c.failureThreshold,
    // The verdict endpoints sit behind shared TLS front ends (Lambda URLs, workers.dev): SNI is needed.
    ...(c.type === 'HTTPS' && c.fqdn ? { EnableSNI: true } : {}),
  };
}

export function fromHealthCheck(hc: HealthCheck, tags: Record<string, string>): FoundHealthCheck {
  const c = hc.HealthCheckConfig ?? ({} as HealthCheckConfig);
  const base = {
    id: hc.Id ?? '',
    callerReference: hc.CallerReference ?? '',
    version: hc.HealthCheckVersion ?? 1,
    tags,
  };
  if (c.Type === 'CALCULATED')
    return {
      ...base,
      config: {
        type: 'CALCULATED',
        children: c.ChildHealthChecks ?? [],
        healthThreshold: c.HealthThreshold ?? 0,
      },
    };
  return {
    ...base,
    config: {
      // Any other type is not one we make: it never matches, so ours of that type are replaced.
      type: c.Type === 'HTTP' || c.Type === 'HTTPS' ? c.Type : ('OTHER' as 'HTTP'),
      ...(c.FullyQualifiedDomainName ? { fqdn: c.FullyQualifiedDomainName } : {}),
      // Only an address: moto answers the string "None" for a check named by host name.
      ...(c.IPAddress && (isIPv4(c.IPAddress) || isIPv6(c.IPAddress)) ? { ip: c.IPAddress } : {}),
      port: c.Port ?? (c.Type === 'HTTP' ? 80 : 443),
      resourcePath: c.ResourcePath ?? '/',
      inverted: c.Inverted ?? false,
      requestIntervalS: (c.RequestInterval ?? 30) as 10 | 30,
      failureThreshold: c.FailureThreshold ?? 3,
    },
  };
}

/** A failover set of a zone as found, or undefined for any other set. */
export function fromFailoverSet(set: ResourceRecordSet): FoundFailoverSet | undefined {
  if (!set.SetIdentifier || !set.Failover) return undefined;
  const plain = set.AliasTarget ? undefined : fromAws({ ...set, SetIdentifier: undefined });
  return {
    name: decodeName(set.Name ?? ''),
    type: set.Type ?? '',
    setIdentifier: set.SetIdentifier,
    failover: set.Failover,
    ...(plain ? { values: plain.values, ttl: plain.ttl } : {}),
    ...(set.AliasTarget ? { aliasTo: decodeName(set.AliasTarget.DNSName ?? '') } : {}),
    ...(set.HealthCheckId ? { healthCheckId: set.HealthCheckId } : {}),
  };
}

/** A failover set to write; `healthCheckId` resolved by the caller, `zoneId` for same-zone aliases. */
export function toFailoverSet(
  set: FailoverSet | FoundFailoverSet,
  zoneId: string,
  healthCheckId: string | undefined,
): ResourceRecordSet {
  return {
    Name: `${set.name}.`,
    Type: set.type as ResourceRecordSet['Type'],
    SetIdentifier: set.setIdentifier,
    Failover: set.failover,
    ...(set.aliasTo
      ? { AliasTarget: { HostedZoneId: zoneId, DNSName: `${set.aliasTo}.`, EvaluateTargetHealth: true } }
      : { TTL: set.ttl, ResourceRecords: (set.values ?? []).map((Value) => ({ Value })) }),
    ...(healthCheckId ? { HealthCheckId: healthCheckId } : {}),
  };
}
