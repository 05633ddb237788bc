/**
 * An HTTP server on 127.0.0.1 that answers each request with the next scripted response and keeps what
 * it was sent, so the SDK clients and the signed-fetch clients can be given the same answers and their
 * requests compared.
 */
import { createServer, type IncomingMessage } from 'node:http';

export interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Scripted {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** Never answer (a hung endpoint). */
  hang?: boolean;
}

export async function httpDouble() {
  const seen: Seen[] = [];
  let script: Scripted[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    });
    const next = script.shift() ?? { status: 599, body: 'no scripted answer' };
    if (next.hang) return;
    res.writeHead(next.status, next.headers ?? {}).end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    /** The answers to give, in order. */
    answer(...responses: Scripted[]) {
      script = responses;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Outcome<T> {
  result?: T;
  error?: unknown;
  /** What the double was sent during the call. */
  sent: Seen[];
}

/**
 * Runs `call` on each client in turn over the same scripted answers: [first, second], each with its
 * result or error and the requests it sent.
 */
export async function sideBySide<A, T>(
  double: Awaited<ReturnType<typeof httpDouble>>,
  clients: readonly [A, A],
  answers: Scripted[],
  call: (api: A) => Promise<T>,
): Promise<[Outcome<T>, Outcome<T>]> {
  const out: Outcome<T>[] = [];
  for (const api of clients) {
    double.seen.length = 0;
    double.answer(...answers);
    const entry: Outcome<T> = { sent: [] };
    try {
      entry.result = await call(api);
    } catch (error) {
      entry.error = error;
    }
    entry.sent = [...double.seen];
    out.push(entry);
  }
  return out as [Outcome<T>, Outcome<T>];
}

/** An SDK output without its $metadata, to compare with a fetch client's. */
export const withoutMetadata = (value: unknown) => {
  const { $metadata: _m, ...rest } = value as Record<string, unknown>;
  return rest;
};
