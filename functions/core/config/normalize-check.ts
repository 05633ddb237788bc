/** Turns a validated check as written into the CheckSpec the core and probes run on. */
import { parseDuration } from '../duration';
import { InvariantError } from '../errors';
import { normalizeName } from '../names';
import { PLANES } from '../types';
import type { RawCheck } from './check-schema';
import { type CheckSpec, DEFAULTS, type ProbeSpec, type ResolverSpec } from './model';
import { parseResolver } from './resolver';

const ms = (text: string) => parseDuration(text) as number;
const maxLatency = (text: string | undefined) => (text === undefined ? {} : { maxLatencyMs: ms(text) });

function resolver(text: string): ResolverSpec {
  const parsed = parseResolver(text);
  if (typeof parsed === 'string') throw new InvariantError(`resolver passed validation: ${parsed}`);
  return parsed;
}

function probeOf(name: string, check: RawCheck): ProbeSpec {
  const { http, dns, tcp, tls, openid, sts } = check;
  if (http) {
    return {
      type: 'http',
      url: http.url,
      method: http.method ?? 'GET',
      headers: http.headers ?? {},
      ...(http.body !== undefined ? { body: http.body } : {}),
      ...(http.address !== undefined ? { address: http.address } : {}),
      expectStatus: http.expectStatus ?? [],
      ...(http.bodyContains !== undefined ? { bodyContains: http.bodyContains } : {}),
      ...(http.bodyMatches !== undefined ? { bodyMatches: http.bodyMatches } : {}),
      json: http.json ?? [],
      ...maxLatency(http.maxLatency),
      redirect: http.redirect ?? 'manual',
    };
  }
  if (dns) {
    const type = dns.type ?? 'A';
    const lower = type === 'CNAME' || type === 'NS' || type === 'MX';
    return {
      type: 'dns',
      name: normalizeName(dns.name),
      recordType: type,
      resolvers: (dns.resolvers ?? DEFAULTS.resolvers).map(resolver),
      expect: (dns.expect ?? []).map((v) =>
        lower ? normalizeName(v) : type === 'AAAA' ? v.toLowerCase() : v,
      ),
      rcode: dns.rcode ?? 'NOERROR',
      ...maxLatency(dns.maxLatency),
      require: dns.require ?? 'majority',
    };
  }
  if (tcp) return { type: 'tcp', host: tcp.host, port: tcp.port };
  if (tls) {
    return {
      type: 'tls',
      host: normalizeName(tls.host),
      port: tls.port ?? 443,
      ...(tls.address !== undefined ? { address: tls.address } : {}),
      warnDays: tls.warnDays ?? DEFAULTS.tlsWarnDays,
      failDays: tls.failDays ?? DEFAULTS.tlsFailDays,
      ...(tls.issuer !== undefined ? { issuer: tls.issuer } : {}),
    };
  }
  if (openid) return { type: 'openid', url: openid.url, ...(openid.issuer ? { issuer: openid.issuer } : {}) };
  if (sts) {
    return {
      type: 'sts',
      region: sts.region ?? 'us-east-1',
      ...(sts.endpoint !== undefined ? { endpoint: sts.endpoint } : {}),
      ...(sts.account !== undefined ? { account: sts.account } : {}),
      ...(sts.arn !== undefined ? { arn: sts.arn } : {}),
    };
  }
  throw new InvariantError(`check ${name} passed validation without a check type`);
}

export function normalizeCheck(name: string, check: RawCheck): CheckSpec {
  return {
    name,
    probe: probeOf(name, check),
    timeoutMs: ms(check.timeout ?? DEFAULTS.timeout),
    intervalMs: ms(check.interval ?? DEFAULTS.interval),
    confirmIntervalMs: Math.min(
      ms(check.confirmInterval ?? DEFAULTS.confirmInterval),
      ms(check.interval ?? DEFAULTS.interval),
    ),
    failureThreshold: check.failureThreshold ?? DEFAULTS.failureThreshold,
    successThreshold: check.successThreshold ?? DEFAULTS.successThreshold,
    planes: check.planes ? [...new Set(check.planes)] : [...PLANES],
  };
}
