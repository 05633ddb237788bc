/**
 * Verdicts: what a plane tells Route 53's health checkers about one pool of a record in data-plane mode.
 * `move-away` means the plane's committed state has moved the record past this pool; anything else is
 * `stay`. Route 53 asks through inverted health checks, so only a correct, fresh 200 `move-away` can move
 * the name: an unreachable, slow or wrong endpoint reads as healthy there, and the name stays.
 */
import type { Config, RecordSpec } from './config/model';
import type { PlaneId, RecordState } from './types';

export type Verdict = 'move-away' | 'stay';

export const VERDICT_PREFIX = '/v1/verdict/';
/** Shortest verdict secret a plane accepts; a shorter one serves nothing (every request a 404). */
export const MIN_SECRET_LENGTH = 32;

/** The record in data-plane mode and the index of `pool` in it, or undefined when either is unknown. */
export function verdictTarget(
  config: Config,
  recordKey: string,
  pool: string,
): { record: RecordSpec; index: number } | undefined {
  const record = config.records.find((r) => r.key === recordKey && r.dataplane !== undefined);
  const index = record?.pools.findIndex((p) => p.name === pool) ?? -1;
  return record && index >= 0 ? { record, index } : undefined;
}

/**
 * The verdict on `pool`: move away when the committed state's active pool comes later in the record's
 * order (the failover chain then skips this pool). No state yet, or an unknown pool: stay.
 */
export function verdict(
  config: Config,
  state: RecordState | undefined,
  recordKey: string,
  pool: string,
): Verdict {
  const target = verdictTarget(config, recordKey, pool);
  if (!target || !state) return 'stay';
  const active = target.record.pools.findIndex((p) => p.name === state.activePool);
  return active > target.index ? 'move-away' : 'stay';
}

/** The path a health checker requests: `/v1/verdict/<secret>/<url-encoded record key>/<pool>`. */
export function verdictPath(secret: string, recordKey: string, pool: string): string {
  return `${VERDICT_PREFIX}${encodeURIComponent(secret)}/${encodeURIComponent(recordKey)}/${encodeURIComponent(pool)}`;
}

/** The URL of one plane's verdict on one pool, or undefined when the plane serves no verdicts. */
export function verdictUrl(config: Config, plane: PlaneId, secret: string, recordKey: string, pool: string) {
  const base = plane === 'aws' || plane === 'cloudflare' ? config.planes.verdicts?.[plane] : undefined;
  return base ? `${base}${verdictPath(secret, recordKey, pool)}` : undefined;
}

export interface VerdictAnswer {
  status: 200 | 404 | 503;
  body: string;
}

const NOT_FOUND: VerdictAnswer = { status: 404, body: 'not found' };

const encoder = new TextEncoder();
const digest = async (text: string) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

/** Equal in constant time: both sides are hashed first, so the loop always covers 32 bytes. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export interface VerdictSource {
  config: Config;
  /** The verdict secret's value; undefined when the plane has none (then every request is a 404). */
  secret: string | undefined;
  /** The plane's authoritative (strongly consistent) state of one record. */
  loadState(recordKey: string): Promise<RecordState | undefined>;
}

/**
 * Answers one verdict request. 200 `move-away`, 503 `stay`; 404 for a wrong secret, an unknown record
 * or pool, or a path of another shape, never 200. A state that cannot be read answers 503 `stay`.
 */
export async function answerVerdict(source: VerdictSource, pathname: string): Promise<VerdictAnswer> {
  if (!pathname.startsWith(VERDICT_PREFIX)) return NOT_FOUND;
  const parts = pathname.slice(VERDICT_PREFIX.length).split('/');
  if (parts.length !== 3 || (source.secret?.length ?? 0) < MIN_SECRET_LENGTH) return NOT_FOUND;
  let secret: string;
  let recordKey: string;
  let pool: string;
  try {
    [secret, recordKey, pool] = parts.map(decodeURIComponent) as [string, string, string];
  } catch {
    return NOT_FOUND;
  }
  if (!(await sameSecret(secret, source.secret!))) return NOT_FOUND;
  if (!verdictTarget(source.config, recordKey, pool)) return NOT_FOUND;
  let state: RecordState | undefined;
  try {
    state = await source.loadState(recordKey);
  } catch {
    return { status: 503, body: 'stay' };
  }
  return verdict(source.config, state, recordKey, pool) === 'move-away'
    ? { status: 200, body: 'move-away' }
    : { status: 503, body: 'stay' };
}
