/**
 * The one retry loop every provider adapter uses: full-jitter exponential backoff (AWS Architecture
 * Blog, "Exponential Backoff And Jitter": uniform in [0, min(cap, base * 2^n))), or the wait the API
 * asked for, never sleeping past a deadline. What is worth repeating is the adapter's call: Route 53
 * repeats throttling and PriorRequestNotComplete, Cloudflare a 429 (and 5xx on reads only).
 */
import type { Clock } from '../core/ports';

export interface BackoffOptions {
  /** First backoff ceiling. Default 200 ms. */
  baseMs?: number;
  /** Largest backoff ceiling. Default 5 s. */
  capMs?: number;
}

/** How the adapter reads a failure: give up, or try again (after `waitMs` when the API said how long). */
export type RetryVerdict = { retry: false } | { retry: true; waitMs?: number };

export interface RetryOptions extends BackoffOptions {
  clock: Clock;
  /** ms since epoch after which no further attempt starts. */
  deadline: number;
  classify(error: unknown): RetryVerdict;
  /** [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
  /**
   * What to throw when the next wait would pass the deadline (default: the error as raised), e.g. a
   * typed error saying how long the API asked to wait.
   */
  giveUp?(error: unknown, attempts: number, waitMs: number): unknown;
}

export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.capMs ?? 5_000, (options.baseMs ?? 200) * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Runs `call`; a failure the classifier marks for retry is repeated until the deadline. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const verdict = options.classify(error);
      if (!verdict.retry) throw error;
      const wait = verdict.waitMs ?? backoffDelay(attempt, options, random);
      if (options.clock.now() + wait > options.deadline)
        throw options.giveUp ? options.giveUp(error, attempt + 1, wait) : error;
      options.onRetry?.(error, attempt + 1, wait);
      await options.clock.sleep(wait);
    }
  }
}
