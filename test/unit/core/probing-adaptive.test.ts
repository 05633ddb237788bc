import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../functions/core/config/model';
import { parseConfig } from '../../../functions/core/config/validate';
import type { ProbeResult, Prober } from '../../../functions/core/ports';
import { probeLimit, runProbes } from '../../../functions/core/probing';
import { VirtualClock } from '../../helpers/fakes';

const TIMEOUT_MS = 5_000;
const ROUND_MS = 25_000;

function checks(count: number): CheckSpec[] {
  const all: Record<string, unknown> = {};
  for (let i = 0; i < count; i++)
    all[`c${String(i).padStart(5, '0')}`] = { tcp: { host: 'db.example.test', port: 5432 }, timeout: '5s' };
  const config = parseConfig({
    providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
    checks: all,
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['route53'],
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: ['c00001'] },
          { name: 'secondary', values: ['192.0.2.11'], checks: ['c00002'] },
        ],
      },
    ],
  });
  return Object.values(config.checks).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Answers at once, except the checks `hangs` picks, which answer only when their signal aborts. */
class HangingProber implements Prober {
  inFlight = 0;
  maxInFlight = 0;
  readonly startedAt = new Map<string, number>();
  constructor(
    private readonly clock: VirtualClock,
    private readonly hangs: (index: number) => boolean,
  ) {}
  async probe(check: CheckSpec, signal: AbortSignal): Promise<ProbeResult> {
    this.startedAt.set(check.name, this.clock.now());
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hangs(Number(check.name.slice(1))))
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      return { ok: true, class: 'ok', latencyMs: 1, reason: 'ok' };
    } finally {
      this.inFlight--;
    }
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs `work` to completion, moving the virtual clock 100 ms at a time while it waits. */
async function drive<T>(clock: VirtualClock, work: Promise<T>): Promise<T> {
  let done = false;
  const result = work.finally(() => {
    done = true;
  });
  for (let i = 0; i < 1_000 && !done; i++) {
    await flush();
    if (!done) clock.advance(100);
  }
  return result;
}

describe('probeLimit', () => {
  it.each([
    ['the base while the time left is ample', 128, 500, 100 * TIMEOUT_MS, ROUND_MS, 128],
    ['what the checks left need to all start', 128, 500, 1_000 * TIMEOUT_MS, ROUND_MS, 200],
    ['the cap when they need more', 128, 500, 10_000 * TIMEOUT_MS, ROUND_MS, 500],
    ['the cap once no time is left', 128, 500, TIMEOUT_MS, 0, 500],
    ['the base without a deadline', 128, 500, 10_000 * TIMEOUT_MS, Number.POSITIVE_INFINITY, 128],
  ])('is %s', (_name, base, cap, work, timeLeft, expected) => {
    expect(probeLimit(base, cap, work, timeLeft)).toBe(expected);
  });
});

describe('a round of 10,000 checks of which every tenth hangs until its timeout', () => {
  const all = checks(10_000);

  it('starts every check before the deadline, never more than the cap in flight', async () => {
    const clock = new VirtualClock();
    const deadline = clock.now() + ROUND_MS;
    const prober = new HangingProber(clock, (i) => i % 10 === 0);
    const run = await drive(
      clock,
      runProbes(all, prober, clock, { concurrency: 128, maxOpen: 500, deadline }),
    );
    expect(run.skipped).toEqual([]);
    expect(run.observations).toHaveLength(10_000);
    expect(prober.startedAt.size).toBe(10_000);
    expect(Math.max(...prober.startedAt.values())).toBeLessThan(deadline);
    expect(prober.maxInFlight).toBeLessThanOrEqual(500);
    const timeouts = run.observations.filter((o) => o.class === 'timeout');
    expect(timeouts).toHaveLength(1_000);
    expect(new Set(timeouts.map((o) => o.reason))).toEqual(new Set([`no answer within ${TIMEOUT_MS} ms`]));
  });

  it('holds the cap when even the cap cannot start them all, leaving the rest due', async () => {
    const clock = new VirtualClock();
    const prober = new HangingProber(clock, () => true);
    const run = await drive(
      clock,
      runProbes(all, prober, clock, { concurrency: 128, maxOpen: 500, deadline: clock.now() + ROUND_MS }),
    );
    // Every probe hangs its full 5 s, so 500 at a time start at 0, 5, 10, 15 and 20 s.
    expect(prober.maxInFlight).toBe(500);
    expect(run.observations).toHaveLength(2_500);
    expect(run.skipped).toHaveLength(7_500);
  });

  it('keeps the base concurrency in a small round with time to spare', async () => {
    const clock = new VirtualClock();
    const prober = new HangingProber(clock, () => true);
    const run = await drive(
      clock,
      runProbes(all.slice(0, 30), prober, clock, {
        concurrency: 8,
        maxOpen: 500,
        deadline: clock.now() + ROUND_MS,
      }),
    );
    expect(prober.maxInFlight).toBe(8);
    expect(run.observations).toHaveLength(30);
    expect(run.skipped).toEqual([]);
  });
});
