import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchProber } from '../../../functions/adapters/probes/fetch';
import { parseConfig } from '../../../functions/core/config/validate';
import type { Prober } from '../../../functions/core/ports';
import { TestPlane } from '../../helpers/plane';
import { type Running, startHttp } from '../adapters/probes/support/servers';

const CHECKS = 1_000;
const HANGING = 100;

/** An origin where every tenth path never answers; it counts what it has seen. */
const seen = { answered: 0, hanging: 0, inFlight: 0, maxInFlight: 0, settled: 0 };
const held: ServerResponse[] = [];
let origin: Running;

beforeAll(async () => {
  origin = await startHttp((req, res) => {
    seen.inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    res.on('close', () => seen.inFlight--);
    if (req.url?.startsWith('/hang/')) {
      seen.hanging++;
      held.push(res);
      return;
    }
    seen.answered++;
    res.end('ok');
  });
});
afterAll(() => origin.close());

function config(timeout: string) {
  const checks: Record<string, unknown> = {};
  for (let i = 0; i < CHECKS; i++) {
    const path = i % (CHECKS / HANGING) === 0 ? 'hang' : 'ok';
    checks[`c${String(i).padStart(4, '0')}`] = {
      http: { url: `${origin.origin}/${path}/${i}` },
      timeout,
      interval: '1m',
    };
  }
  return parseConfig({
    providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
    checks,
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['route53'],
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: ['c0001'] },
          { name: 'secondary', values: ['192.0.2.11'], checks: ['c0002'] },
        ],
      },
    ],
  });
}

/** The fetch prober, counting the probes that have come back with an answer. */
function countingProber(): Prober {
  const inner = createFetchProber();
  return {
    async probe(check, signal) {
      const result = await inner.probe(check, signal);
      if (!signal.aborted) seen.settled++;
      return result;
    },
  };
}

/** Waits (in real time, bounded) until `condition` holds; fails the test otherwise. */
async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`never happened: ${what} (${JSON.stringify(seen)})`);
}

describe('a tick with 1,000 checks of which 10% hang', () => {
  it('has every hanging probe in flight at once, so one timeout settles them all', async () => {
    Object.assign(seen, { answered: 0, hanging: 0, maxInFlight: 0, settled: 0 });
    const plane = new TestPlane(config('5s'));
    plane.deps.prober = countingProber();
    const pending = plane.tick({ probeBudgetMs: 6_000 });
    await until(() => seen.settled === CHECKS - HANGING && seen.hanging === HANGING, 'all probes started');
    plane.clock.advance(5_000);
    const report = await pending;
    const classes = report.observations.reduce<Record<string, number>>((n, o) => {
      n[o.class] = (n[o.class] ?? 0) + 1;
      return n;
    }, {});
    expect(classes).toEqual({ ok: CHECKS - HANGING, timeout: HANGING });
    expect(report.observations.filter((o) => o.class === 'timeout').map((o) => o.reason)).toEqual(
      Array(HANGING).fill('no answer within 5000 ms'),
    );
    expect(report.warnings).toEqual([]);
    expect(seen.maxInFlight).toBeLessThanOrEqual(128);
    for (const res of held.splice(0)) res.destroy();
  });

  it('cuts hanging probes at the round deadline when it comes before their timeout', async () => {
    Object.assign(seen, { answered: 0, hanging: 0, maxInFlight: 0, settled: 0 });
    const plane = new TestPlane(config('20s'));
    plane.deps.prober = countingProber();
    const pending = plane.tick({ probeBudgetMs: 8_000 });
    await until(() => seen.settled === CHECKS - HANGING && seen.hanging === HANGING, 'all probes started');
    plane.clock.advance(8_000);
    const report = await pending;
    const timeouts = report.observations.filter((o) => o.class === 'timeout');
    expect(timeouts.map((o) => o.reason)).toEqual(Array(HANGING).fill('no answer within 8000 ms'));
    expect(report.observations).toHaveLength(CHECKS);
    for (const res of held.splice(0)) res.destroy();
  });
});
