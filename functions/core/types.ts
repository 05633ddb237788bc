/** The core's data model: record sets, observations, health, record state, transitions, beacons, events. */

export const PLANES = ['aws', 'cloudflare', 'local'] as const;
export type PlaneId = (typeof PLANES)[number];

export const PROVIDERS = ['route53', 'cloudflare', 'local'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const RECORD_TYPES = ['A', 'AAAA', 'CNAME'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** One DNS record set as a provider holds it. Names are lower case without the trailing dot. */
export interface RecordSet {
  name: string;
  type: string;
  ttl: number;
  /** Sorted, normalised values (TXT values unquoted). */
  values: string[];
  /** Cloudflare's orange cloud. Absent where the provider has no such notion. */
  proxied?: boolean;
}

/** `record` marks the managed record set itself; `marker` its ownership registry TXT record. */
export type ChangeRole = 'record' | 'marker';

export type Change =
  | { kind: 'create'; role: ChangeRole; record: string; next: RecordSet }
  | { kind: 'delete'; role: ChangeRole; record: string; prev: RecordSet }
  | { kind: 'update'; role: ChangeRole; record: string; prev: RecordSet; next: RecordSet };

/** Why a probe failed; `ok` when it did not. */
export const OBSERVATION_CLASSES = [
  'ok',
  'dns',
  'connect',
  'tls',
  'timeout',
  'status',
  'body',
  'latency',
  'auth',
  'unsupported',
  'error',
] as const;
export type ObservationClass = (typeof OBSERVATION_CLASSES)[number];

/** The result of one probe of one check from one vantage. */
export interface Observation {
  check: string;
  ok: boolean;
  class: ObservationClass;
  latencyMs: number;
  /** Short and human: "status 503 from 192.0.2.44 in 812 ms, expected 200". */
  reason: string;
  at: number;
}

export type HealthStatus = 'healthy' | 'unhealthy' | 'unknown';

/** Streaks of one check as seen from one vantage. */
export interface CheckHealth {
  status: HealthStatus;
  failures: number;
  successes: number;
  /** When `status` took its current value (ms since epoch). */
  since: number;
  last?: Omit<Observation, 'check'>;
}

/** Everything one vantage (a plane) believes about every check, published in its beacon. */
export interface VantageView {
  vantage: PlaneId;
  at: number;
  checks: Record<string, CheckHealth>;
  /**
   * Set when the vantage's latest round failed every check with a network-level class: the vantage is
   * probably cut off itself, so its failures say nothing about the origins.
   */
  isolated?: boolean;
}

export interface Pin {
  pool: string;
  /** ms since epoch; absent means until unpinned. */
  until?: number;
  at: number;
  by: string;
}

/** The decision state of one managed record. `epoch` grows by one per transition. */
export interface RecordState {
  record: string;
  activePool: string;
  epoch: number;
  since: number;
  reason: string;
  plane: PlaneId;
  pin?: Pin;
  /** Set while every pool is unhealthy and the record is held where it is (fail-static). */
  holding?: { reason: string; since: number };
}

/** A value with the store's compare-and-set version (0 = absent). */
export interface Versioned<T> {
  value: T;
  version: number;
}

export const TRANSITION_KINDS = [
  'initial',
  'failover',
  'failback',
  'manual-failover',
  'manual-failback',
  'pin',
  'unpin',
  'adopt',
] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

export interface FailingCheck {
  check: string;
  vantage: PlaneId;
  reason: string;
}

/** One change of a record's active pool. Its id is `record#epoch`, so it can be recorded once only. */
export interface Transition {
  id: string;
  record: string;
  epoch: number;
  from: string | null;
  to: string;
  kind: TransitionKind;
  reason: string;
  at: number;
  plane: PlaneId;
  failing: FailingCheck[];
  /** Vantages whose view disagreed with the verdict that caused this transition. */
  dissent?: PlaneId[];
  /**
   * Set on an adoption at an epoch this plane had already recorded with another pool (the one named):
   * that transition lost the tie-break between planes (adopt.ts). Not recorded again: its id is taken.
   */
  superseded?: string;
}

export function transitionId(record: string, epoch: number): string {
  return `${record}#${epoch}`;
}

/** What a plane publishes every tick so its peers can see it is alive and what it sees. */
export interface Beacon {
  plane: PlaneId;
  at: number;
  records: Record<string, { activePool: string; epoch: number }>;
  view: VantageView;
  /** True when this plane held authority (applied) on the tick that published the beacon. */
  applying?: boolean;
  /** The newest heartbeat this plane has seen from each peer, so a failed read still ages the peer. */
  peers?: Partial<Record<PlaneId, number>>;
}

/** Things that happened during a tick, for logs, metrics and notifications. */
export type CoreEvent =
  | { type: 'transition'; transition: Transition }
  | {
      type: 'fail-static';
      record: string;
      activePool: string;
      reason: string;
      failing: FailingCheck[];
      at: number;
    }
  | { type: 'fail-static-cleared'; record: string; activePool: string; at: number }
  | { type: 'foreign'; record: string; provider: ProviderName; reason: string }
  | { type: 'conflict'; record: string; reason: string }
  | { type: 'apply-failed'; record: string; provider: ProviderName; reason: string; retryable: boolean }
  | { type: 'commit-failed'; record: string; reason: string; retryable: boolean }
  | { type: 'plan-refused'; record: string; reasons: string[] }
  | { type: 'no-authority'; record: string; reason: string }
  | { type: 'takeover'; plane: PlaneId; leader: PlaneId; reason: string; at: number }
  | { type: 'drift'; record: string; provider: ProviderName; detail: string; at: number }
  /** A peer plane's newest heartbeat aged past planes.takeoverAfter (announced once), or returned. */
  | { type: 'peer-silent' | 'peer-back'; peer: PlaneId; lastHeartbeat: number; at: number };

/**
 * The empty event and change lists, shared: a steady tick has nothing to report or change for most
 * records, and a list of them each would be thousands of arrays a tick. Frozen, so nothing adds to them.
 */
export const NO_EVENTS: readonly CoreEvent[] = Object.freeze([]);
export const NO_CHANGES: readonly Change[] = Object.freeze([]);
