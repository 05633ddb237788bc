/**
 * The ports of local Worker development, in one place: the Cloudflare API fake (with its origins) and
 * `wrangler dev`. `TWINPLANE_FAKE_PORT` and `TWINPLANE_WORKER_PORT` move them; both
 * `npm run fake:cloudflare` and `npm run dev:worker` read them here, and the checks of
 * infra/worker/local.yaml follow the fake's port.
 */
export const DEFAULT_FAKE_PORT = 8788;
export const DEFAULT_WORKER_PORT = 8787;

function port(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65_535)
    throw new Error(`${name}: "${text}" is not a port (1-65535)`);
  return value;
}

export function devPorts(env: Record<string, string | undefined>) {
  return {
    fake: port('TWINPLANE_FAKE_PORT', env.TWINPLANE_FAKE_PORT ?? env.PORT, DEFAULT_FAKE_PORT),
    worker: port('TWINPLANE_WORKER_PORT', env.TWINPLANE_WORKER_PORT, DEFAULT_WORKER_PORT),
  };
}

/** local.yaml with its origin URLs on the fake's port (the file names the default one). */
export function withFakePort(configText: string, fakePort: number): string {
  return configText.replaceAll(`//localhost:${DEFAULT_FAKE_PORT}/`, `//localhost:${fakePort}/`);
}
