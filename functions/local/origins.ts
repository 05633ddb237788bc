/** Tiny HTTP origins on 127.0.0.1 for the demo and tests: each can be taken down and brought back. */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface Origin {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly up: boolean;
  /** Stop answering: the port refuses connections. */
  down(): Promise<void>;
  /** Answer again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startOrigin(name: string, port = 0): Promise<Origin> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const listen = (p: number) =>
    new Promise<Server>((resolve, reject) => {
      const s = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(req.method === 'HEAD' ? undefined : `ok ${name}\n`);
      });
      s.keepAliveTimeout = 1_000;
      s.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      s.once('error', reject);
      s.listen(p, '127.0.0.1', () => resolve(s));
    });
  const stop = async () => {
    if (!server) return;
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((r) => s.close(() => r()));
  };
  server = await listen(port);
  const bound = (server.address() as { port: number }).port;
  return {
    name,
    port: bound,
    url: `http://127.0.0.1:${bound}/health`,
    get up() {
      return server !== undefined;
    },
    down: stop,
    async restore() {
      if (!server) server = await listen(bound);
    },
    close: stop,
  };
}
