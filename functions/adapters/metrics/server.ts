/**
 * The local plane's HTTP surface on 127.0.0.1 (or --listen): GET /metrics (Prometheus text),
 * GET /healthz, and, when given a page, the status page at GET /.
 */
import { createServer, type Server } from 'node:http';
import { STATUS_PAGE_HEADERS } from '../status-page/render';
import type { MemoryMetrics } from './memory';
import { type MetricRow, PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './prometheus';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(
  metrics: MemoryMetrics,
  port: number,
  host = '127.0.0.1',
  page?: () => Promise<string>,
  /** Rows read at scrape time (the state gauges), beside the accumulated ones. */
  scrape?: () => Promise<MetricRow[]>,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') res.writeHead(405, { allow: 'GET' }).end();
    else if (page && (path === '/' || path === '/status'))
      page().then(
        (html) => res.writeHead(200, STATUS_PAGE_HEADERS).end(html),
        (error: unknown) =>
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`status unavailable: ${String(error)}\n`),
      );
    else if (path === '/metrics')
      (scrape ? scrape() : Promise.resolve([])).then(
        (extra) =>
          res
            .writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE })
            .end(renderPrometheus([...metrics.rows(), ...extra])),
        (error: unknown) =>
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${String(error)}\n`),
      );
    else if (path === '/healthz') res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
