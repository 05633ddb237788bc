/** One entry for every manual surface (Lambda control, Worker routes, CLI): validate, then run. */

import type { PlaneDeps, TickOptions } from './deps';
import { planAll, runManual, status } from './manual';
import { parseRequest } from './request';
import { runTick } from './tick';

/**
 * Validates `input` and runs it, with the options a tick takes (peer timeout, probe budget). Throws
 * RequestError (nothing written) for bad input, UnsafePlanError for a plan that breaks a gate; provider
 * failures are reported inside the result.
 */
export async function dispatch(deps: PlaneDeps, input: unknown, by: string, options: TickOptions = {}) {
  const request = parseRequest(input, deps.config, deps.clock.now());
  switch (request.action) {
    case 'status':
      return { action: 'status' as const, result: await status(deps, options) };
    case 'plan':
      return { action: 'plan' as const, result: await planAll(deps) };
    case 'history':
      return {
        action: 'history' as const,
        result: await deps.store.history({
          ...(request.record ? { record: request.record } : {}),
          limit: request.limit ?? 50,
        }),
      };
    case 'run':
      return {
        action: 'run' as const,
        result: await runTick(deps, {
          ...options,
          probeAll: true,
          // A dry run asked for by the caller or the request holds; neither can lift the other's.
          dryRun: options.dryRun === true || request.dryRun === true,
        }),
      };
    case 'manual':
      return { action: request.manual.action, result: await runManual(deps, request, by, options) };
  }
}
