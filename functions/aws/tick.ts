/** The `tick` Lambda: the EventBridge schedule (rate(1 minute)) runs one tick of the AWS plane. */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type Primed, primeTickPath } from '../adapters/memory/prime';
import type { Config } from '../core/config/model';
import { driftDue } from '../core/drift';
import { type Issue, RequestError } from '../core/errors';
import { logEvents, summarizeTick, type TickSummary } from '../core/summary';
import { runTick } from '../core/tick';
import { bundledDocument, loadBundledConfig } from './bundled-config';
import { type PlaneSetup, twinplaneMiddleware } from './middleware';
import { productionSetup } from './setup';

/** What an EventBridge schedule sends; anything else (a control request sent here by mistake) is refused. */
const SCHEDULED = { source: 'aws.events', 'detail-type': 'Scheduled Event' } as const;

function scheduledEventIssues(event: unknown): Issue[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return [{ path: 'event', message: 'must be an EventBridge Scheduled Event object' }];
  return Object.entries(SCHEDULED)
    .filter(([field, value]) => (event as Record<string, unknown>)[field] !== value)
    .map(([field, value]) => ({ path: field, message: `must be "${value}"` }));
}

/** Probing stops this long before the deadline, leaving time to apply, commit and publish the beacon. */
const APPLY_RESERVE_MS = 15_000;

/**
 * EventBridge runs the tick once a minute; checks with a shorter interval get their cadence from further
 * probe rounds inside the same invocation, up to 55 s (so they end as the next invocation begins) and
 * never past the time left for applying.
 */
export function probeWindow(config: Config, budgetMs: number): number {
  const shortest = Math.min(...Object.values(config.checks).map((c) => c.intervalMs));
  return shortest < 60_000 ? Math.max(0, Math.min(55_000, budgetMs)) : 0;
}

export function createTickHandler(setup: PlaneSetup, write?: (line: string) => void) {
  const twinplane = twinplaneMiddleware({ setup, ...(write ? { write } : {}) });
  return middy<unknown, TickSummary>()
    .use(twinplane)
    .handler(async (event: unknown, context: Context) => {
      const issues = scheduledEventIssues(event);
      if (issues.length > 0) throw new RequestError(issues);
      const { deps, deadline, logger, metrics, plane } = twinplane.invocation(context);
      const budget = deadline - plane.clock.now() - APPLY_RESERVE_MS;
      const report = await runTick(deps, {
        probeBudgetMs: Math.min(25_000, Math.max(1_000, budget)),
        drift: driftDue(plane.clock.now()),
        probeWindowMs:
          plane.settings.probeWindow === 'auto'
            ? probeWindow(plane.config, budget)
            : Math.min(plane.settings.probeWindow, Math.max(0, budget)),
      });
      metrics.count('ticks_total', 1, { outcome: report.refused ? 'refused' : 'ok' });
      logEvents(logger, report.events);
      const summary = summarizeTick(report);
      logger.info('tick', { ...summary });
      return summary;
    });
}

export const handler = createTickHandler(productionSetup);

/** The longest the init waits for priming; a priming still running then is left to finish on its own. */
export const PRIME_WAIT_MS = 2_000;

/** `prime`'s result, or undefined once `ms` passed without one: an init never waits longer for it. */
export function primeWithin<T>(prime: () => Promise<T>, ms: number): Promise<T | undefined> {
  let stop = () => {};
  const waited = new Promise<undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    stop = () => clearTimeout(timer);
  });
  return Promise.race([prime(), waited]).finally(() => stop());
}

/**
 * As the Worker does at isolate start: the tick path compiled and run once during the Lambda's init (on
 * in-memory copies of a few of its records, see prime.ts), so a cold start's first tick pays for its
 * work, not for compiling it. Unbundled (tests pass their own config) nothing is primed.
 */
async function primeAtInit(): Promise<Primed | undefined> {
  if (bundledDocument() === undefined) return undefined;
  try {
    return await primeTickPath(loadBundledConfig(), 'aws');
  } catch {
    // A config that does not load primes nothing; the first invocation reports why.
    return undefined;
  }
}

export const primed = await primeWithin(primeAtInit, PRIME_WAIT_MS);
