/**
 * The `control` Lambda: manual actions (failover, failback, pin, unpin, status, plan, history, run) as
 * direct invocations, e.g. `aws lambda invoke --payload fileb://events/failover.json`. Bad input gets
 * `{ok: false, error}` naming the field and writes nothing.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dispatch } from '../core/dispatch';
import { notApplied } from '../core/manual';
import { logEvents } from '../core/summary';
import { type PlaneSetup, twinplaneMiddleware } from './middleware';
import { type ControlResponse, errorBody } from './responses';
import { productionSetup } from './setup';

export function createControlHandler(setup: PlaneSetup, write?: (line: string) => void) {
  const twinplane = twinplaneMiddleware({ setup, ...(write ? { write } : {}) });
  return middy<unknown, ControlResponse>()
    .use(twinplane)
    .use({
      onError: (request) => {
        const error = errorBody(request.error);
        twinplane.logger(request.context).warn('control refused', { error });
        twinplane.metrics(request.context)?.count('control_requests_total', 1, { outcome: error.type });
        request.response = { ok: false, error };
      },
    })
    .handler(async (event: unknown, context: Context) => {
      const { deps, logger, metrics } = twinplane.invocation(context);
      const out = await dispatch(deps, event, `aws control (request ${context.awsRequestId})`);
      if ('events' in out.result && Array.isArray(out.result.events)) logEvents(logger, out.result.events);
      const refused = 'record' in out.result && 'dryRun' in out.result ? notApplied(out.result) : undefined;
      if (refused) {
        metrics.count('control_requests_total', 1, { action: out.action, outcome: 'NotAppliedError' });
        logger.warn('control not applied', { action: out.action, reason: refused });
        return {
          ok: false,
          action: out.action,
          error: { type: 'NotAppliedError', message: refused, retryable: true },
          result: out.result,
        };
      }
      metrics.count('control_requests_total', 1, { action: out.action, outcome: 'ok' });
      logger.info('control', { action: out.action });
      return { ok: true, action: out.action, result: out.result };
    });
}

export const handler = createControlHandler(productionSetup);
