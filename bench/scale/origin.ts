/** A loopback HTTP origin for the scale benchmark: paths under /hang/ never answer, every other path says ok. */
import { createServer, type ServerResponse } from 'node:http';

export interface Origin {
  url: string;
  /** Requests answered and held since the last reset. */
  seen: { answered: number; hanging: number };
  /** Ends every held response and zeroes the counters (between runs). */
  reset(): void;
  close(): Promise<void>;
}

export async function startOrigin(): Promise<Origin> {
  const held = new Set<ServerResponse>();
  const seen = { answered: 0, hanging: 0 };
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/hang/')) {
      seen.hanging++;
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    seen.answered++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    reset() {
      for (const res of held) res.destroy();
      held.clear();
      seen.answered = 0;
      seen.hanging = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
