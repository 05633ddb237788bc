/** The resolved configuration the core runs on: defaults applied, durations in ms, names normalised. */
import type { PlaneId, ProviderName, RecordType } from '../types';

export interface SecretRef {
  secret: string;
}

export interface HttpProbeSpec {
  type: 'http';
  url: string;
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  /** Empty means any 2xx or 3xx. */
  expectStatus: number[];
  bodyContains?: string;
}

export type ProbeSpec = HttpProbeSpec;

export interface CheckSpec {
  name: string;
  probe: ProbeSpec;
  timeoutMs: number;
  intervalMs: number;
  failureThreshold: number;
  successThreshold: number;
}

export interface PoolSpec {
  name: string;
  values: string[];
  checks: string[];
  proxied: boolean;
}

export interface RecordSpec {
  /** `name/type`, the key of the record's state. */
  key: string;
  name: string;
  type: RecordType;
  providers: ProviderName[];
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
  failureThreshold: 3,
  successThreshold: 2,
  ttl: { normal: 300, outage: 60 },
  failbackAfter: '5m',
  maxChangesPerTick: 100,
} as const;
