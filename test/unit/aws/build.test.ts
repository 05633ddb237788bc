import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAwsPlane } from '../../../infra/aws/build';

describe('build of the AWS plane', () => {
  it.each([
    ['a missing file', undefined, /not found: copy examples\/twinplane.yaml there, or set TWINPLANE_CONFIG/],
    [
      'an invalid configuration',
      'providers: {route53: {hostedZoneId: nope}}\nchecks: {}\nrecords: []\n',
      /is invalid:\n(.|\n)*providers\.route53\.hostedZoneId: must be a Route 53 hosted zone id(.|\n)*records: must list at least one record/,
    ],
    ['broken YAML', 'records: [\n', /is invalid:\ntwinplane.yaml:\d+:\d+: not valid YAML/],
  ])('refuses %s, naming what to fix, before bundling anything', async (_, text, message) => {
    const root = mkdtempSync(join(tmpdir(), 'twinplane-build-'));
    if (text !== undefined) writeFileSync(join(root, 'twinplane.yaml'), text);
    await expect(
      buildAwsPlane({ root, configPath: 'twinplane.yaml', ssmPrefix: '/twinplane/' }),
    ).rejects.toThrow(message);
  });
});
