/**
 * The ports the core depends on. Each adapter implements one; each lists only the calls the core makes.
 * The core imports no SDK, no `node:` module and no `process`: everything outside comes through here.
 */
import type { CheckSpec, ZoneSpec } from './config/model';
import type {
  Beacon,
  Change,
  CoreEvent,
  Observation,
  PlaneId,
  ProviderName,
  RecordSet,
  RecordState,
  Transition,
  Versioned,
} from './types';

export interface Clock {
  /** ms since the Unix epoch. */
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Makes the controllers of the calls raced against this clock (withDeadline). Default: the runtime's
   * AbortController. A clock for in-memory runs where the runtime has none to give (a Worker's start-up
   * refuses to make one) hands out its own.
   */
  controller?(): AbortController;
}

export type ProbeResult = Omit<Observation, 'check' | 'at'>;

export interface Prober {
  /** Runs one check once. Should not throw; a throw is recorded as class `error`. Must honour `signal`. */
  probe(check: CheckSpec, signal: AbortSignal): Promise<ProbeResult>;
}

export interface ProviderCapabilities {
  /** Record types the provider reads and writes (zone import refuses the others, saying why). */
  types: readonly string[];
  proxied: boolean;
  /** Alias record sets (Route 53's AliasTarget) can be written. */
  alias?: boolean;
  minTtl: number;
  /** Most changes one atomic apply may carry. */
  maxBatch: number;
}

export interface DnsProvider {
  readonly name: ProviderName;
  readonly capabilities: ProviderCapabilities;
  /** Every record set of the zone that twinplane may care about (at least A, AAAA, CNAME and TXT). */
  read(zone: ZoneSpec): Promise<RecordSet[]>;
  /**
   * Applies changes, which may belong to many records (`Change.record`). Each record's changes land
   * together or not at all (its record set with its marker); an adapter packs records into as few
   * provider calls as the API's limits allow. Updates of `marker` changes must be a compare-and-set on
   * the previous value. Throws when no record's changes landed (a lost race as ConflictError); resolves
   * with the records that did not land, and why, when others did.
   */
  apply(zone: ZoneSpec, changes: readonly Change[]): Promise<ApplyResult | undefined>;
}

/** What an apply of several records left undone: every record not in `failed` landed. */
export interface ApplyResult {
  failed: ReadonlyMap<string, Error>;
}

export interface HistoryQuery {
  record?: string;
  limit?: number;
}

/** One record's commit: `next` if the stored version is still `expectedVersion`, with `transition` once. */
export interface Commit {
  next: RecordState;
  expectedVersion: number;
  transition?: Transition;
}

export interface StateStore {
  /** Every record state this plane has committed. */
  loadRecords(): Promise<Map<string, Versioned<RecordState>>>;
  /**
   * Writes `next` if the stored version is still `expectedVersion` (0 = absent) and, in the same atomic
   * step, records `transition` once only (keyed by its id). Throws ConflictError when either is taken.
   * Returns the new version.
   */
  commit(next: RecordState, expectedVersion: number, transition?: Transition): Promise<number>;
  /**
   * Commits many records, each as `commit` would: its state and its transition land together or not at
   * all, and one record's lost compare-and-set costs the others nothing. Resolves, in the order given,
   * with each record's new version or why it was not committed (ConflictError for a lost race). A store
   * packs the records into as few writes as it allows (DynamoDB: transactions of at most 100 items).
   */
  commitMany(commits: readonly Commit[]): Promise<(number | Error)[]>;
  /** Newest first. */
  history(query?: HistoryQuery): Promise<Transition[]>;
  loadBeacon(plane: PlaneId): Promise<Beacon | undefined>;
  publishBeacon(beacon: Beacon): Promise<void>;
}

/** Reads one peer plane's beacon (from its store, across clouds). */
export interface PeerReader {
  readonly plane: PlaneId;
  read(signal: AbortSignal): Promise<Beacon | undefined>;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type Labels = Record<string, string>;

export interface Metrics {
  count(name: string, value?: number, labels?: Labels): void;
  observe(name: string, value: number, labels?: Labels): void;
  gauge(name: string, value: number, labels?: Labels): void;
}

export interface Notifier {
  /** Delivers events; must not throw (a failed notification never fails a tick). */
  notify(events: readonly CoreEvent[]): Promise<void>;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
export const noMetrics: Metrics = { count() {}, observe() {}, gauge() {} };
