/** Real loopback servers for probe tests: HTTP(S) origins, a refusing port and a port that never answers. */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { Issued } from './certs';

export interface Running {
  port: number;
  /** http://127.0.0.1:port or https://127.0.0.1:port */
  origin: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server, scheme: string): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const startHttp = (handler: Handler) => listen(createHttpServer(handler), 'http');

export const startHttps = (cert: Issued, handler: Handler) =>
  listen(createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, handler), 'https');

/**
 * A port nothing listens on: connections are refused. It is taken from below the kernel's ephemeral
 * range, so no server listening on port 0 elsewhere can be handed it while the test runs.
 */
export async function refusedPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const server = createNetServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => server.close(resolve));
      return port;
    }
  }
}

const BLOCKED_LISTENER = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData), 0, 0);
});`;

/**
 * A port whose TCP handshake never completes: a listener on a thread that never accepts, its
 * accept queue filled, so the kernel drops further SYNs. Closing releases everything.
 */
export async function hangingPort(): Promise<{ port: number; close(): Promise<void> }> {
  const gate = new SharedArrayBuffer(4);
  const worker = new Worker(BLOCKED_LISTENER, { eval: true, workerData: gate });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const fillers: Socket[] = [];
  for (let i = 0; i < 10; i++) {
    const socket = connect(port, '127.0.0.1');
    fillers.push(socket);
    const opened = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!opened) break;
  }
  return {
    port,
    async close() {
      for (const s of fillers) s.destroy();
      Atomics.store(new Int32Array(gate), 0, 1);
      Atomics.notify(new Int32Array(gate), 0);
      await worker.terminate();
    },
  };
}
