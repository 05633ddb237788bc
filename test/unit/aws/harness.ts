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
import { lambdaContext } from '../../helpers/aws';
import { fakeAws } from '../../helpers/aws-fakes';
import { ScriptedProber, VirtualClock } from '../../helpers/fakes';

export const ZONE = 'Z0123456789ABC';

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

export interface HarnessOptions {
  config?: Config;
  env?: Record<string, string>;
  setup?: PlaneSetup;
}

export function harness(options: HarnessOptions = {}) {
  const config = options.config ?? exampleConfig();
  const aws = fakeAws(ownedRecords(config));
  const prober = new ScriptedProber();
  const clock = new VirtualClock();
  const lines: string[] = [];
  const setup: PlaneSetup =
    options.setup ??
    (() =>
      createAwsPlane({
        config,
        settings: readSettings({ TWINPLANE_TABLE: 'twinplane-test-state', ...options.env }),
        clients: aws.clients,
        prober,
        clock,
      }));
  const tick = createTickHandler(setup, (l) => lines.push(l));
  const control = createControlHandler(setup, (l) => lines.push(l));
  return {
    config,
    aws,
    prober,
    clock,
    lines,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    tick: (event: unknown) => tick(event, lambdaContext({ functionName: 'twinplane-prod-tick' })),
    control: (event: unknown) => control(event, lambdaContext()),
  };
}

export type Harness = ReturnType<typeof harness>;
