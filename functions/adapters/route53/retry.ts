/** Retries with full-jitter exponential backoff, never sleeping past a deadline. */
import type { Clock } from '../../core/ports';

export interface BackoffOptions {
  /** First backoff ceiling. Default 200 ms. */
  baseMs?: number;
  /** Largest backoff ceiling. Default 5 s. */
  capMs?: number;
}

export interface RetryOptions extends BackoffOptions {
  clock: Clock;
  /** ms since epoch after which no further attempt starts. */
  deadline: number;
  isRetryable(error: unknown): boolean;
  /** [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base*2^n)). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.capMs ?? 5_000, (options.baseMs ?? 200) * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!options.isRetryable(error)) throw error;
      const delay = backoffDelay(attempt, options, random);
      if (options.clock.now() + delay >= options.deadline) throw error;
      options.onRetry?.(error, attempt + 1, delay);
      await options.clock.sleep(delay);
    }
  }
}
