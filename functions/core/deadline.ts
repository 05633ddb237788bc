/**
 * One call raced against the clock: the call gets an AbortSignal that aborts when the time runs out,
 * and the answer is the call's result or TIMED_OUT, whether or not the call heeds its signal.
 */
import type { Clock } from './ports';

export const TIMED_OUT = Symbol('timed out');

/**
 * The reason the timer is stopped with once the call settles: a plain value, so stopping it builds no
 * DOMException (abort() without a reason makes one, with a stack, for every probe of every tick).
 */
const SETTLED = 'settled';

export async function withDeadline<T>(
  clock: Clock,
  ms: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<Awaited<T> | typeof TIMED_OUT> {
  const work = clock.controller?.() ?? new AbortController();
  const timer = clock.controller?.() ?? new AbortController();
  try {
    const expired = clock.sleep(ms, timer.signal).then((): typeof TIMED_OUT => TIMED_OUT);
    const result = await Promise.race([call(work.signal), expired]);
    if (result === TIMED_OUT) work.abort();
    return result;
  } finally {
    timer.abort(SETTLED);
  }
}
