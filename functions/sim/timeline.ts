/**
 * Virtual time for the deployed-topology simulation: timers in one queue, and a driver that lets every
 * pending promise settle before moving the clock to the next timer. Planes run concurrently on it
 * (overlapping invocations, alarms, sleeps inside a probe window) and still deterministically.
 */
import type { Clock } from '../core/ports';

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/** Lets every queued promise continuation run (the simulation does no real I/O). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualTime {
  private readonly timers: Timer[] = [];
  private seq = 0;
  constructor(readonly box: { t: number }) {}

  get now() {
    return this.box.t;
  }

  /** Runs `fire` at world time `at` (or now, if that has passed). */
  at(at: number, fire: () => void): Timer {
    const timer = { at: Math.max(at, this.box.t), seq: this.seq++, fire };
    // Binary insert keeps the queue ordered by time, then by insertion.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.timers[mid]!;
      if (m.at < timer.at || (m.at === timer.at && m.seq < timer.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    return timer;
  }

  private cancel(timer: Timer): void {
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { done: false };
      const finish = () => {
        if (timer.done) return;
        timer.done = true;
        resolve();
      };
      const queued = this.at(this.box.t + Math.max(0, ms), finish);
      // An aborted sleep resolves at once and leaves the queue.
      signal?.addEventListener(
        'abort',
        () => {
          this.cancel(queued);
          finish();
        },
        { once: true },
      );
    });
  }

  /** A plane's clock on this timeline; `offsetMs` skews what it believes the time is. */
  clock(offsetMs = 0): Clock {
    return { now: () => this.box.t + offsetMs, sleep: (ms, signal) => this.sleep(ms, signal) };
  }

  /** Advances through every timer up to `until`, letting work settle between them; then waits for quiet. */
  async run(until: number): Promise<void> {
    for (;;) {
      await settle();
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.box.t = next.at;
      next.fire();
    }
    this.box.t = Math.max(this.box.t, until);
  }
}
