/**
 * The middy middleware every handler shares: builds the plane once per container (config validated
 * at the first invocation, clients reused), then per invocation a JSON logger tagged with the request,
 * EMF metrics flushed at the end, and the deadline the adapters retry within.
 */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { EmfMetrics } from '../adapters/cloudwatch/emf';
import { jsonLogger } from '../adapters/system/logger';
import { InvariantError } from '../core/errors';
import type { Logger } from '../core/ports';
import type { PlaneDeps } from '../core/tick';
import type { AwsPlane, Invocation } from './plane';

export type PlaneSetup = () => AwsPlane | Promise<AwsPlane>;

export interface PreparedInvocation extends Invocation {
  deps: PlaneDeps;
  plane: AwsPlane;
}

export interface TwinplaneMiddleware extends MiddlewareObj<unknown, unknown, Error, Context> {
  /** The invocation `before` prepared; throws InvariantError when called outside one. */
  invocation(context: Context): PreparedInvocation;
  logger(context: Context): Logger;
  metrics(context: Context): EmfMetrics | undefined;
}

export interface TwinplaneMiddlewareOptions {
  setup: PlaneSetup;
  /** Where log lines and EMF documents go. Default: stdout. */
  write?: (line: string) => void;
  /** Kept free at the end of the invocation for the commit and the beacon. Default 5 s. */
  reserveMs?: number;
}

const stdout = (line: string) => {
  process.stdout.write(`${line}\n`);
};

export function twinplaneMiddleware(options: TwinplaneMiddlewareOptions): TwinplaneMiddleware {
  const write = options.write ?? stdout;
  let plane: AwsPlane | undefined;
  let coldStart = true;
  const metricsByRequest = new WeakMap<Context, EmfMetrics>();
  const loggers = new WeakMap<Context, Logger>();
  const invocations = new WeakMap<Context, PreparedInvocation>();

  const loggerFor = (context: Context, fresh = false): Logger => {
    let logger = fresh ? undefined : loggers.get(context);
    if (!logger) {
      logger = jsonLogger({
        level: plane?.settings.logLevel ?? 'info',
        write,
        base: {
          service: 'twinplane',
          plane: 'aws',
          function: context.functionName,
          requestId: context.awsRequestId,
          coldStart,
        },
      });
      loggers.set(context, logger);
    }
    return logger;
  };

  const flush = (context: Context) => {
    metricsByRequest.get(context)?.flush();
    coldStart = false;
  };

  return {
    logger: (context) => loggerFor(context),
    metrics: (context) => metricsByRequest.get(context),
    invocation(context) {
      const prepared = invocations.get(context);
      if (!prepared) throw new InvariantError('handler ran without the twinplane middleware');
      return prepared;
    },
    before: async (request) => {
      const { context } = request;
      // The function name keeps each stage's metrics apart (the missing-tick alarm watches the tick's).
      const metrics = new EmfMetrics({
        dimensions: { service: 'twinplane', plane: 'aws', function: context.functionName },
        write,
      });
      metricsByRequest.set(context, metrics);
      // A failed setup (bad config, missing table setting) is not kept: the next invocation tries again.
      plane ??= await options.setup();
      const logger = loggerFor(context, true);
      const now = plane.clock.now();
      const deadline =
        now + Math.max(1_000, context.getRemainingTimeInMillis() - (options.reserveMs ?? 5_000));
      const invocation: Invocation = { logger, metrics, deadline };
      invocations.set(context, { ...invocation, plane, deps: await plane.deps(invocation) });
    },
    after: (request) => flush(request.context),
    onError: (request) => {
      // An error a later middleware turned into a response (control's {ok: false}) is logged there.
      if (request.response === undefined) {
        loggerFor(request.context).error('invocation failed', {
          error: request.error?.message,
          type: request.error?.name,
        });
      }
      flush(request.context);
    },
  };
}
