/** The real tick and control handlers over stateful AWS fakes, with the example configuration. */
import { readFileSync } from 'node:fs';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { parseConfigText } from '../../../functions/adapters/config-file';
import { createControlHandler } from '../../../functions/aws/control';
import type { PlaneSetup } from '../../../functions/aws/middleware';
import { createAwsPlane } from '../../../functions/aws/plane';
import { readSettings } from '../../../functions/aws/settings';
import { createTickHandler } from '../../../functions/aws/tick';
import type { Config } from '../../../functions/core/config/model';
import { markerName, markerValue } from '../../../functions/core/ownership';
import { CloudflareApiFake } from '../../fakes/cloudflare/api';
import { lambdaContext } from '../../helpers/aws';
import { fakeAws } from '../../helpers/aws-fakes';
import { ScriptedProber, VirtualClock } from '../../helpers/fakes';

export const ZONE = 'Z0123456789ABC';
/** The Cloudflare API token held in SSM; it must never appear in a log line or a response. */
export const TOKEN = 'cf-secret-token-4f9a1c';

export function exampleConfig(): Config {
  const loaded = parseConfigText(readFileSync('examples/twinplane.yaml', 'utf8'));
  if (!loaded.ok) throw new Error(`examples/twinplane.yaml is invalid: ${JSON.stringify(loaded.issues)}`);
  return loaded.config;
}

/** Every Route 53 record of `config` as twinplane would have created it: first pool, epoch 0. */
export function ownedRecords(config: Config): ResourceRecordSet[] {
  return config.records
    .filter((r) => r.providers.includes('route53'))
    .flatMap((r) => [
      {
        Name: `${r.name}.`,
        Type: r.type,
        TTL: r.ttl.normal,
        ResourceRecords: r.pools[0]!.values.map((Value) => ({ Value })),
      },
      {
        Name: `${markerName(r)}.`,
        Type: 'TXT' as const,
        TTL: 300,
        ResourceRecords: [
          {
            Value: `"${markerValue(config.owner, r.key, { activePool: r.pools[0]!.name, epoch: 0, plane: 'aws' })}"`,
          },
        ],
      },
    ]);
}

/** Requests to this base URL go to HarnessOptions.worker: the Cloudflare plane's own API. */
export const WORKER_URL = 'https://twinplane.worker.test';

export interface HarnessOptions {
  config?: Config;
  /** Answers the Worker API (WORKER_URL), e.g. GET /v1/beacon. */
  worker?: (request: Request) => Response | Promise<Response>;
  env?: Record<string, string>;
  setup?: PlaneSetup;
  /** SSM parameters; default the Cloudflare token only. */
  parameters?: Record<string, string>;
}

/** The example's Cloudflare zone on the API fake, holding the records twinplane would have created. */
function cloudflareFake(config: Config) {
  const fake = new CloudflareApiFake({
    zones: { [config.providers.cloudflare!.zones[0]!.id]: 'example.com' },
  });
  fake.zone(config.providers.cloudflare!.zones[0]!.id).seed(
    config.records.flatMap((r) => [
      {
        name: r.name,
        type: r.type,
        content: r.pools[0]!.values[0]!,
        ttl: r.ttl.normal,
        proxied: r.pools[0]!.proxied,
      },
      {
        name: markerName(r),
        type: 'TXT' as const,
        content: `"${markerValue(config.owner, r.key, { activePool: r.pools[0]!.name, epoch: 0, plane: 'aws' })}"`,
        ttl: 300,
      },
    ]),
  );
  return fake;
}

export function harness(options: HarnessOptions = {}) {
  const config = options.config ?? exampleConfig();
  const aws = fakeAws(
    ownedRecords(config),
    options.parameters ?? { '/twinplane/CLOUDFLARE_API_TOKEN': TOKEN },
  );
  const cloudflare = cloudflareFake(config);
  cloudflare.token = TOKEN;
  const prober = new ScriptedProber();
  const clock = new VirtualClock();
  const lines: string[] = [];
  const setup: PlaneSetup =
    options.setup ??
    (() =>
      createAwsPlane({
        config,
        // One probe round per tick unless a test asks for more: the virtual clock only moves when told.
        settings: readSettings({
          TWINPLANE_TABLE: 'twinplane-test-state',
          TWINPLANE_PROBE_WINDOW: '0',
          ...options.env,
        }),
        clients: aws.clients,
        prober,
        clock,
        cloudflare: {
          baseURL: 'https://api.cloudflare.test/client/v4',
          fetch: async (input, init) => {
            const request = new Request(input, init);
            return options.worker && request.url.startsWith(WORKER_URL)
              ? options.worker(request)
              : cloudflare.handle(request);
          },
        },
      }));
  const tick = createTickHandler(setup, (l) => lines.push(l));
  const control = createControlHandler(setup, (l) => lines.push(l));
  return {
    config,
    aws,
    cloudflare,
    prober,
    clock,
    lines,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    tick: (event: unknown) => tick(event, lambdaContext({ functionName: 'twinplane-prod-tick' })),
    control: (event: unknown) => control(event, lambdaContext()),
  };
}

export type Harness = ReturnType<typeof harness>;
