/** The resolved configuration the core runs on: defaults applied, durations in ms, names normalised. */
import type { PlaneId, ProviderName, RecordType } from '../types';
import type { LocalDnsSpec } from './local-dns-schema';

export interface SecretRef {
  secret: string;
}

/** One assertion on a JSON response body: the value at `path` equals a scalar, or exists (or not). */
export interface JsonAssertion {
  path: string;
  equals?: string | number | boolean | null;
  exists?: boolean;
}

export interface HttpProbeSpec {
  type: 'http';
  url: string;
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Connect to this address instead of resolving the URL's host; Host and SNI stay the URL's name. */
  address?: string;
  /** Empty means any 2xx or 3xx. */
  expectStatus: number[];
  bodyContains?: string;
  /** A regular expression (source text) the body must match. */
  bodyMatches?: string;
  json: JsonAssertion[];
  maxLatencyMs?: number;
  /** `manual`: judge the 3xx itself; `follow`: up to 5 hops; `error`: any redirect fails. */
  redirect: 'manual' | 'follow' | 'error';
}

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];
export const DNS_RCODES = ['NOERROR', 'SERVFAIL', 'NXDOMAIN', 'REFUSED'] as const;
export type DnsRcode = (typeof DNS_RCODES)[number];

/** Where a DNS query goes: DNS-over-HTTPS (fetch, any runtime) or plain UDP/TCP (Node only). */
export type ResolverSpec =
  | { kind: 'doh'; url: string; label: string }
  | { kind: 'udp' | 'tcp'; host: string; port: number; label: string };

export interface DnsProbeSpec {
  type: 'dns';
  name: string;
  recordType: DnsRecordType;
  resolvers: ResolverSpec[];
  /** Values every answering resolver must return (all of them); empty means any non-empty answer. */
  expect: string[];
  rcode: DnsRcode;
  maxLatencyMs?: number;
  /** How many resolvers must pass for the check to pass. */
  require: 'all' | 'majority' | 'any';
}

export interface TcpProbeSpec {
  type: 'tcp';
  host: string;
  port: number;
}

export interface TlsProbeSpec {
  type: 'tls';
  /** The name the certificate must match; also the SNI. */
  host: string;
  port: number;
  /** Connect here instead of resolving `host`. */
  address?: string;
  warnDays: number;
  failDays: number;
  /** Text the issuer (its CN or O) must contain. */
  issuer?: string;
}

export interface OpenIdProbeSpec {
  type: 'openid';
  url: string;
  /** The exact `issuer` the document must carry. */
  issuer?: string;
}

export interface StsProbeSpec {
  type: 'sts';
  region: string;
  endpoint?: string;
  /** The account id the caller must belong to. */
  account?: string;
  /** Text the caller's ARN must contain. */
  arn?: string;
}

export type ProbeSpec =
  | HttpProbeSpec
  | DnsProbeSpec
  | TcpProbeSpec
  | TlsProbeSpec
  | OpenIdProbeSpec
  | StsProbeSpec;
export type ProbeType = ProbeSpec['type'];

export interface CheckSpec {
  name: string;
  probe: ProbeSpec;
  timeoutMs: number;
  intervalMs: number;
  /** Re-probe this soon while a streak is building towards a flip (fast confirmation); <= intervalMs. */
  confirmIntervalMs: number;
  failureThreshold: number;
  successThreshold: number;
  /** The planes that run this check; the others only read its health from their peers' beacons. */
  planes: PlaneId[];
}

export interface PoolSpec {
  name: string;
  values: string[];
  checks: string[];
  proxied: boolean;
}

/** A plain Route 53 check of a pool's first value, combined with the verdicts (dataplane mode). */
export interface OriginCheckSpec {
  protocol: 'HTTP' | 'HTTPS';
  port: number;
  path: string;
}

/**
 * Route 53 data-plane mode of one record: failover record sets and health checks on the planes'
 * verdicts, created at setup; a failover then needs no Route 53 API call.
 */
export interface DataPlaneSpec {
  /** `any`: either plane's verdict moves the name; `all`: every configured plane's must. */
  rule: 'any' | 'all';
  failureThreshold: number;
  requestIntervalS: 10 | 30;
  originCheck?: OriginCheckSpec;
}

/** Where Route 53's health checkers ask each plane for its verdicts. */
export interface VerdictsSpec {
  secret: SecretRef;
  aws?: string;
  cloudflare?: string;
}

export interface RecordSpec {
  /** `name/type`, the key of the record's state. */
  key: string;
  name: string;
  type: RecordType;
  /**
   * The providers whose record set the tick rewrites. A record in Route 53 data-plane mode does not list
   * route53 here: its Route 53 sets are the failover sets of `dataplane`, written at setup only.
   */
  providers: ProviderName[];
  /** Set when Route 53 steers this record from its data plane (`route53: { mode: dataplane }`). */
  dataplane?: DataPlaneSpec;
  ttl: { normal: number; outage: number };
  pools: PoolSpec[];
  failback: { mode: 'auto' | 'manual'; afterMs: number };
}

export interface ZoneSpec {
  id: string;
  /** The zone's domain; absent when a single zone id was given without one. */
  domain?: string;
}

export interface ProviderSpec {
  zones: ZoneSpec[];
  region?: string;
  apiToken?: SecretRef;
  /** providers.local only: listen address, NS names and zone transfers of the embedded DNS server. */
  dns?: LocalDnsSpec;
}

/** Where each plane's beacon can be read by the others. */
export interface PeersSpec {
  aws?: { table: string; region?: string };
  /** KV (accountId, namespaceId, apiToken) is the fallback of the Worker's API (url, token). */
  cloudflare?: {
    accountId: string;
    namespaceId: string;
    apiToken: SecretRef;
    url?: string;
    token?: SecretRef;
  };
  /** The local plane publishes its beacon into the AWS plane's table, where the clouds read it. */
  local?: { via: 'aws' };
}

export type NotifySpec =
  | { kind: 'slack'; webhook: SecretRef }
  | { kind: 'teams'; webhook: SecretRef }
  | { kind: 'webhook'; url: string; signingSecret?: SecretRef }
  | { kind: 'sns'; topicArn: string };

export interface Config {
  owner: string;
  planes: {
    leader: PlaneId;
    takeoverAfterMs: number;
    agreement: 'all' | 'majority' | 'any';
    observationMaxAgeMs: number;
    tickIntervalMs: number;
    peers: PeersSpec;
    /** Required when a record is in Route 53 data-plane mode. */
    verdicts?: VerdictsSpec;
  };
  providers: Partial<Record<ProviderName, ProviderSpec>>;
  checks: Record<string, CheckSpec>;
  records: RecordSpec[];
  notify: NotifySpec[];
  safety: { maxChangesPerTick: number; dryRun: boolean };
}

export const DEFAULTS = {
  owner: 'twinplane',
  leader: 'aws' as PlaneId,
  takeoverAfter: '3m',
  agreement: 'majority' as const,
  observationMaxAge: '3m',
  timeout: '5s',
  interval: '30s',
  confirmInterval: '2s',
  failureThreshold: 3,
  successThreshold: 2,
  ttl: { normal: 300, outage: 60 },
  failbackAfter: '5m',
  maxChangesPerTick: 100,
  /** DNS-over-HTTPS endpoints of 1.1.1.1, 8.8.8.8 and 9.9.9.9, by name so the Worker can reach them. */
  resolvers: [
    'https://cloudflare-dns.com/dns-query',
    'https://dns.google/dns-query',
    'https://dns.quad9.net/dns-query',
  ],
  tlsWarnDays: 21,
  tlsFailDays: 7,
} as const;
