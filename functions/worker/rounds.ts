/**
 * Sub-minute probe rounds on the Worker: Cron Triggers fire once a minute at best, so after every tick
 * the coordinator arms its Durable Object alarm for the next check due (by its interval, or its
 * confirmInterval while a streak builds), and the alarm runs the next one-round tick. The cron keeps
 * ticking once a minute and so re-arms a lost alarm.
 */
import type { Config } from '../core/config/model';
import { nextDueAt } from '../core/probing';
import type { VantageView } from '../core/types';

/** Storage key of the time the next alarm-driven round is due. */
export const ROUND_KEY = 'rounds:next';
/** Two rounds never start closer than this. */
const MIN_GAP_MS = 500;

/** `alarm` (default): rounds on the alarm; `cron`: one tick per Cron Trigger only. */
export function roundsMode(value: string | undefined): 'alarm' | 'cron' {
  return value === 'cron' ? 'cron' : 'alarm';
}

/**
 * When the next round is due, or undefined when the cron alone keeps the cadence (every check this
 * plane runs has an interval of a minute or more).
 */
export function nextRoundAt(config: Config, view: VantageView | undefined, now: number): number | undefined {
  const mine = Object.values(config.checks).filter((c) => c.planes.includes('cloudflare'));
  if (mine.length === 0 || Math.min(...mine.map((c) => c.intervalMs)) >= 60_000) return undefined;
  const due = nextDueAt(config.checks, view, 'cloudflare') ?? now;
  return Math.max(due, now + MIN_GAP_MS);
}
