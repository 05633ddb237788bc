import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRIME_WAIT_MS, primed, primeWithin } from '../../../functions/aws/tick';

describe("the tick Lambda's priming at init", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('primes nothing when no config was bundled (run from source)', () => {
    expect(primed).toBeUndefined();
  });

  it('answers the priming when it ends in time', async () => {
    expect(await primeWithin(async () => ({ ticks: 3 }), PRIME_WAIT_MS)).toEqual({ ticks: 3 });
  });

  it('stops waiting for a priming that never ends, so the init ends', async () => {
    vi.useFakeTimers();
    const pending = primeWithin(() => new Promise<never>(() => {}), PRIME_WAIT_MS);
    await vi.advanceTimersByTimeAsync(PRIME_WAIT_MS - 1);
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
