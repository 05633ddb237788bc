import { describe, expect, it } from 'vitest';
import { TIMED_OUT, withDeadline } from '../../../functions/core/deadline';
import { VirtualClock } from '../../helpers/fakes';

/** A virtual clock that keeps the signal every sleep was given. */
class WatchedClock extends VirtualClock {
  signals: AbortSignal[] = [];
  override sleep(ms: number, signal?: AbortSignal) {
    if (signal) this.signals.push(signal);
    return super.sleep(ms, signal);
  }
}

describe('withDeadline', () => {
  it("takes its controllers from the clock when the clock makes them, not from the runtime's", async () => {
    const clock = new WatchedClock();
    const made: AbortController[] = [];
    const own = Object.assign(clock, {
      controller: () => {
        const c = new AbortController();
        made.push(c);
        return c;
      },
    });
    let given: AbortSignal | undefined;
    await withDeadline(own, 1_000, async (signal) => {
      given = signal;
      return 1;
    });
    expect(made).toHaveLength(2);
    expect(made.map((c) => c.signal)).toContain(given);
    expect(made.map((c) => c.signal)).toContain(clock.signals[0]);
  });

  it('answers the call, and stops its timer without building a DOMException', async () => {
    const clock = new WatchedClock();
    let given: AbortSignal | undefined;
    const result = await withDeadline(clock, 1_000, async (signal) => {
      given = signal;
      return 42;
    });
    expect(result).toBe(42);
    expect(given?.aborted).toBe(false);
    expect(clock.signals).toHaveLength(1);
    expect(clock.signals[0]!.aborted).toBe(true);
    expect(clock.signals[0]!.reason).not.toBeInstanceOf(DOMException);
  });

  it('answers TIMED_OUT when the time runs out, and aborts the call even if it ignores its signal', async () => {
    const clock = new WatchedClock();
    let given: AbortSignal | undefined;
    const pending = withDeadline(clock, 1_000, (signal) => {
      given = signal;
      return new Promise<number>(() => {});
    });
    await Promise.resolve();
    clock.advance(999);
    await Promise.resolve();
    expect(given?.aborted).toBe(false);
    clock.advance(1);
    expect(await pending).toBe(TIMED_OUT);
    expect(given?.aborted).toBe(true);
  });

  it('passes a call that throws on to the caller, and stops the timer', async () => {
    const clock = new WatchedClock();
    await expect(
      withDeadline(clock, 1_000, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(clock.signals[0]!.aborted).toBe(true);
  });
});
