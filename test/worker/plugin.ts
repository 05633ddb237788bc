/**
 * Vite plugin of the workerd suite (runs in Node): starts the Cloudflare API fake on a loopback port,
 * hands its URL to the tests, and serves the `twinplane-config` module the Worker bundles, pointed at
 * that port: built as the build step builds it (validated, normalised).
 */
import type { Plugin } from 'vite';
import { builtConfig } from '../../functions/core/config/built';
import { parseWorkerConfig } from '../../functions/worker/validate';
import { CloudflareApiFake } from '../fakes/cloudflare/api';
import { type RunningServer, serve } from '../fakes/cloudflare/serve';
import { CLOUDFLARE_TOKEN, configDocument, ZONE_ID, ZONE_NAME } from './fixtures';

const MODULE = 'twinplane-config';
const RESOLVED = `\0${MODULE}`;

/** One fake per vitest process, started on first use. */
export async function startFakeServer(): Promise<RunningServer> {
  const fake = new CloudflareApiFake({ token: CLOUDFLARE_TOKEN, zones: { [ZONE_ID]: ZONE_NAME } });
  return serve(fake.handle);
}

export function twinplaneTestConfig(server: RunningServer): Plugin {
  return {
    name: 'twinplane-test-config',
    enforce: 'pre',
    resolveId(id) {
      return id === MODULE ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return undefined;
      return `export default ${JSON.stringify(builtConfig(parseWorkerConfig(configDocument(server.url))))};`;
    },
  };
}
