/**
 * Retries within a deadline. A 429 is always safe to repeat (nothing was done) and its Retry-After is
 * honoured when the wait fits the budget; Cloudflare blocks a throttled token for minutes, so a long
 * wait gives up at once and the next tick tries again. 5xx and network failures are repeated only for
 * reads: a batch that failed that way may have been applied.
 */
import type { Clock } from '../../core/ports';
import { isRateLimited, isTransient, retryAfterMs, translate } from './errors';

export interface RetryOptions {
  clock: Clock;
  /** Absolute time (ms) after which no retry starts. */
  deadline: number;
  /** Repeat 5xx and network failures too (reads only). */
  transient: boolean;
  /** The operation, for messages. */
  what: string;
}

const backoff = (attempt: number) => Math.min(4_000, 250 * 2 ** attempt);

/**
 * Runs `call`, repeating as above. Gives up with a translated, retryable ProviderError when the budget
 * is spent; any other failure is rethrown as the SDK raised it, for the caller to interpret.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const now = options.clock.now();
      const throttled = isRateLimited(error);
      if (!throttled && !(options.transient && isTransient(error))) throw error;
      const wait = (throttled ? retryAfterMs(error, now) : undefined) ?? backoff(attempt);
      if (now + wait > options.deadline) {
        const why = throttled
          ? `rate limited; Cloudflare asks to wait ${Math.ceil(wait / 1000)} s, beyond this call's budget`
          : `still failing after ${attempt + 1} attempts`;
        throw translate(error, `${options.what} (${why})`);
      }
      await options.clock.sleep(wait);
    }
  }
}
