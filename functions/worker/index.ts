/**
 * The Cloudflare plane's Worker. `scheduled` runs one tick on the Cron Trigger; `fetch` serves the
 * manual API (bearer token), status, Prometheus metrics and a health check. All work happens in the
 * PlaneCoordinator Durable Object, which serialises it.
 */

import { PROMETHEUS_CONTENT_TYPE } from '../adapters/metrics/prometheus';
import { renderStatusPage, STATUS_PAGE_HEADERS } from '../adapters/status-page/render';
import { ConfigError, errorMessage } from '../core/errors';
import type { StatusReport } from '../core/manual';
import type { Transition } from '../core/types';
import { authorize } from './auth';
import { environmentIssues, workerConfig } from './config';
import { PlaneCoordinator } from './coordinator';
import type { Env } from './env';
import { type ApiResult, errorResult, fail, ok, respond } from './http';
import { route, withBody } from './routes';

export { PlaneCoordinator };

/** The single coordinator instance of this deployment. */
export const coordinator = (env: Env) => env.COORDINATOR.get(env.COORDINATOR.idFromName('plane'));

function health(env: Env): Response {
  try {
    const config = workerConfig();
    const issues = environmentIssues(config, env);
    if (issues.length > 0)
      return respond({
        status: 503,
        body: errorResult(new ConfigError(issues, { source: 'of the Worker' })).body,
      });
    return respond(ok({ ok: true, plane: 'cloudflare', records: config.records.map((r) => r.key) }));
  } catch (error) {
    return respond(errorResult(error));
  }
}

/** The status page: the status report and the newest transitions, as the API answers them. */
async function statusPage(env: Env): Promise<Response> {
  const by = 'status page';
  const status: ApiResult = await coordinator(env).control({ action: 'status' }, by);
  const history: ApiResult = await coordinator(env).control({ action: 'history', limit: 20 }, by);
  if (status.status !== 200) return respond(status);
  const page = renderStatusPage(
    status.body as StatusReport,
    history.status === 200 ? (history.body as Transition[]) : [],
  );
  return new Response(page, { headers: STATUS_PAGE_HEADERS });
}

export default {
  async fetch(request, env): Promise<Response> {
    const url = new URL(request.url);
    const found = route(request.method, url);
    if (found.kind === 'not-found')
      return respond(
        fail(404, { type: 'NotFoundError', message: `no route ${request.method} ${url.pathname}` }),
      );
    if (found.kind === 'method-not-allowed')
      return respond(
        fail(405, { type: 'MethodNotAllowedError', message: `use ${found.allow} for ${url.pathname}` }),
        { allow: found.allow },
      );
    if (found.kind === 'healthz') return health(env);
    if (found.kind === 'verdict') {
      // Any failure answers 503 `stay`: to Route 53's inverted check that never moves the name.
      const answer = await coordinator(env)
        .verdict(found.pathname)
        .catch(() => ({ status: 503, body: 'stay' }));
      return new Response(answer.body, {
        status: answer.status,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
    const denied = await authorize(request.headers.get('authorization'), env.TWINPLANE_API_TOKEN);
    if (denied) return respond(denied, denied.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
    try {
      if (found.kind === 'metrics') {
        return new Response(await coordinator(env).metricsText(), {
          headers: { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' },
        });
      }
      if (found.kind === 'page') return await statusPage(env);
      if (found.kind === 'beacon') return respond(await coordinator(env).beacon());
      const input = found.body ? await withBody(request, found.input) : found.input;
      const by = `api (${request.headers.get('cf-connecting-ip') ?? 'unknown address'})`;
      return respond(await coordinator(env).control(input, by));
    } catch (error) {
      return respond(errorResult(error));
    }
  },

  async scheduled(controller, env): Promise<void> {
    try {
      await coordinator(env).tick();
    } catch (error) {
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'tick failed',
          cron: controller.cron,
          error: errorMessage(error),
        }),
      );
      throw error;
    }
  },
} satisfies ExportedHandler<Env>;
