/** Once per run: a hosted zone on LocalStack, then `osls package` and the deployable part of the stack. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { TestProject } from 'vitest/node';
import { stringify } from 'yaml';
import { deployableTemplate, deployStack, packageStack } from './deploy';

export interface IntegrationContext {
  zoneId: string;
  zoneName: string;
  templateFile: string;
  stack: Record<string, string>;
  stackName: string;
  stage: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    integration: IntegrationContext;
  }
}

export default async function setup(project: TestProject) {
  if (!process.env.AWS_ENDPOINT_URL) {
    throw new Error(
      'the integration suite needs AWS APIs: run `npm run test:integration`, which starts LocalStack, or set AWS_ENDPOINT_URL to a running LocalStack',
    );
  }
  process.env.AWS_REGION ??= 'us-east-1';
  const zoneName = 'example.com';
  const zone = await new Route53Client({ region: 'us-east-1' }).send(
    new CreateHostedZoneCommand({ Name: zoneName, CallerReference: `twinplane-it-${Date.now()}` }),
  );
  const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  const dir = mkdtempSync(join(tmpdir(), 'twinplane-it-'));
  const configFile = join(dir, 'twinplane.yaml');
  writeFileSync(
    configFile,
    stringify({
      owner: 'twinplane-it',
      providers: { route53: { hostedZoneId: zoneId } },
      checks: {
        'primary-health': { http: { url: 'https://primary.example.com/health' } },
        'secondary-health': { http: { url: 'https://secondary.example.com/health' } },
      },
      records: [
        {
          name: 'app.example.com',
          type: 'A',
          providers: ['route53'],
          pools: [
            { name: 'primary', values: ['192.0.2.44'], checks: ['primary-health'] },
            { name: 'secondary', values: ['198.51.100.7'], checks: ['secondary-health'] },
          ],
        },
      ],
    }),
  );
  const out = join(dir, 'package');
  // A stage of its own per run, so names never collide on a LocalStack that outlives the run.
  const stage = `it${Date.now().toString(36)}`;
  const template = packageStack(configFile, stage, out);
  const stackName = `twinplane-${stage}`;
  const stack = await deployStack(stackName, deployableTemplate(template, stage));
  writeFileSync(join(dir, 'template.json'), JSON.stringify(template));
  project.provide('integration', {
    zoneId,
    zoneName,
    templateFile: join(dir, 'template.json'),
    stack,
    stackName,
    stage,
  });
}
