import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { cannedAws } from '../fakes/aws-canned';
import { serve } from '../fakes/cloudflare/serve';
import { API_TOKEN, CLOUDFLARE_TOKEN, VERDICT_SECRET } from './fixtures';
import { startFakeServer, twinplaneTestConfig } from './plugin';

// The fake lives as long as this vitest process (its socket is unref'd).
const fake = await startFakeServer();
const route53 = await serve(cannedAws().handle);

export default defineConfig({
  plugins: [
    twinplaneTestConfig(fake),
    cloudflareTest({
      wrangler: { configPath: fileURLToPath(new URL('../../infra/wrangler.jsonc', import.meta.url)) },
      miniflare: {
        bindings: {
          TWINPLANE_API_TOKEN: API_TOKEN,
          CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN,
          TWINPLANE_VERDICT_SECRET: VERDICT_SECRET,
          CLOUDFLARE_API_BASE_URL: `${fake.url}/client/v4`,
          KV_BEACON_INTERVAL: '1s',
          // Ticks only when a test says so; the alarm-driven rounds are driven by hand in rounds.test.ts.
          PROBE_ROUNDS: 'cron',
          LOG_LEVEL: 'warn',
        },
      },
    }),
  ],
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/worker/**/*.test.ts'],
    provide: { fakeUrl: fake.url, route53Url: route53.url },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
