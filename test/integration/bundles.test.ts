/**
 * The tick and control Lambdas as they ship: each built zip (infra/aws/bundle.ts, with the AWS SDK
 * inside) is unpacked, its index.mjs imported and its handler invoked against LocalStack's Route 53 and
 * the DynamoDB table, as Lambda would. The other suites run the handlers from source; this one holds the
 * bundling itself (which SDK build esbuild picks, the chunks loaded at first call) to the real APIs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { builtConfig } from '../../functions/core/config/built';
import { parseConfig } from '../../functions/core/config/validate';
import { bundleFunction, type FunctionName } from '../../infra/aws/bundle';
import { lambdaContext } from '../helpers/aws';
import { createStateTable, type Template } from './deploy';
import { origin, readRecordSet } from './harness';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const RECORD = 'bundled.example.com';
const dir = mkdtempSync(join(tmpdir(), 'twinplane-it-bundles-'));
let primary: Awaited<ReturnType<typeof origin>>;
let secondary: Awaited<ReturnType<typeof origin>>;
const saved = { ...process.env };

interface Shipped {
  handler: Handler;
  /** What the tick bundle's init primed (functions/aws/tick.ts); the other bundles prime nothing. */
  primed?: unknown;
}

/** Builds `name` for `config`, unpacks the zip as Lambda does, and imports it. */
async function shipped(name: FunctionName, document: unknown): Promise<Shipped> {
  const outDir = relative(process.cwd(), join(dir, 'dist'));
  const { artifact } = await bundleFunction(name, document, { root: process.cwd(), outDir });
  const target = join(dir, name);
  const script = 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])';
  execFileSync('python3', ['-c', script, artifact, target]);
  return (await import(pathToFileURL(join(target, 'index.mjs')).href)) as Shipped;
}

const recordSet = async (name: string, type = 'A') =>
  (await readRecordSet(new Route53Client({ region: 'us-east-1' }), inject('integration').zoneId, name, type))
    ?.values;

beforeAll(async () => {
  // The bundles write their EMF metric lines to stdout, as on Lambda; the suite's output is not for them.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  primary = await origin();
  secondary = await origin();
});
afterAll(async () => {
  await primary.close();
  await secondary.close();
  process.env = saved;
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built Lambda bundles on LocalStack', () => {
  it('the tick bundle creates the record and the control bundle fails it over, through the bundled SDK', async () => {
    const it = inject('integration');
    const template = JSON.parse(readFileSync(it.templateFile, 'utf8')) as Template;
    const table = `twinplane-it-bundles-${process.pid}-${Date.now()}`;
    await createStateTable(template, table);
    const check = { interval: '60s', timeout: '2s', failureThreshold: 3, successThreshold: 2 };
    const config = parseConfig({
      owner: 'twinplane-it',
      providers: { route53: { hostedZoneId: it.zoneId } },
      checks: {
        'primary-health': { http: { url: primary.url }, ...check },
        'secondary-health': { http: { url: secondary.url }, ...check },
      },
      records: [
        {
          name: RECORD,
          type: 'A',
          providers: ['route53'],
          pools: [
            { name: 'primary', values: ['192.0.2.61'], checks: ['primary-health'] },
            { name: 'secondary', values: ['198.51.100.61'], checks: ['secondary-health'] },
          ],
        },
      ],
    });
    Object.assign(process.env, {
      TWINPLANE_TABLE: table,
      TWINPLANE_SSM_PREFIX: '/twinplane/it/',
      TWINPLANE_PROBE_WINDOW: '0',
      LOG_LEVEL: 'error',
    });
    const document = builtConfig(config);
    const tickBundle = await shipped('tick', document);
    const control = (await shipped('control', document)).handler;
    const tick = tickBundle.handler;
    // Its init ran the tick path on in-memory copies (create, steady, failover of the one record) and
    // wrote nothing real: the record is not in Route 53 until the handler runs.
    expect(tickBundle.primed).toEqual({ ticks: 3, transitions: 1 });
    expect(await recordSet(RECORD)).toBeUndefined();

    await tick(JSON.parse(readFileSync('events/tick.json', 'utf8')), lambdaContext());
    expect(await recordSet(RECORD)).toEqual(['192.0.2.61']);

    const out = (await control(
      { action: 'failover', record: RECORD, pool: 'secondary' },
      lambdaContext(),
    )) as { ok: boolean; action: string };
    expect(out).toMatchObject({ ok: true, action: 'failover' });
    expect(await recordSet(RECORD)).toEqual(['198.51.100.61']);
    const marker = await recordSet(`_twinplane-a.${RECORD}`, 'TXT');
    expect(marker?.[0]).toContain('pool=secondary,epoch=1');

    const status = (await control({ action: 'status' }, lambdaContext())) as {
      ok: boolean;
      result: { records: { record: string; activePool: string }[] };
    };
    expect(status.ok).toBe(true);
    expect(status.result.records).toEqual([
      expect.objectContaining({ record: `${RECORD}/A`, activePool: 'secondary' }),
    ]);
  });
});
