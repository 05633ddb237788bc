/** `twinplane plan` and `apply` with a record in Route 53 data-plane mode, against a stateful Route 53 mock. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../../functions/local/cli';
import { dataPlaneDoc, VERDICT_SECRET } from '../../helpers/dataplane';
import { FakeRoute53 } from '../adapters/route53/dataplane-fake';

const r53 = mockClient(Route53Client);
let fake: FakeRoute53;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinplane-dp-'));
  const doc = dataPlaneDoc();
  // Checks that fail at once, on this machine only: the tick of `apply` probes them.
  for (const c of Object.values(doc.checks)) c.http.url = 'http://127.0.0.1:9/health';
  delete (doc.providers as { cloudflare?: unknown }).cloudflare;
  for (const r of doc.records) r.providers = ['route53'];
  await writeFile(
    join(dir, 'twinplane.yaml'),
    stringify({ ...doc, planes: { ...doc.planes, leader: 'local' } }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  r53.reset();
  fake = new FakeRoute53(r53);
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const code = await main([...argv, '--config', join(dir, 'twinplane.yaml'), '--state', join(dir, 'state')], {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    isTTY: false,
    env: { TWINPLANE_VERDICT_SECRET: VERDICT_SECRET, AWS_REGION: 'us-east-1' },
  });
  return { code, text: out.join('\n') };
}

describe('twinplane plan / apply with route53 mode dataplane', () => {
  it('plan lists the health checks and failover sets it would create, never the verdict secret, and writes nothing', async () => {
    const { code, text } = await cli('plan');
    expect(code).toBe(0);
    expect(text).toContain('Route 53 data plane: 11 change(s)');
    expect(text).toContain(
      '+ health check app.example.com/A#primary#verdict#aws: HTTPS abc123.lambda-url.us-east-1.on.aws:443 inverted, every 10 s, threshold 3',
    );
    expect(text).toContain(
      '+ health check app.example.com/A#primary#combined: CALCULATED healthy when 2 of 2 children are',
    );
    expect(text).toContain(
      '+ route53    app.example.com A PRIMARY twinplane-primary 192.0.2.10 (ttl 60) [health check app.example.com/A#primary#combined]',
    );
    expect(text).toContain(
      '+ route53    app.example.com A SECONDARY twinplane-chain1 alias _twinplane-chain1-a.app.example.com',
    );
    expect(text).not.toContain(VERDICT_SECRET);
    expect(fake.writes()).toBe(0);
  });

  it('apply --yes creates them, and a second plan shows no data-plane change', async () => {
    const applied = await cli('apply', '--yes');
    expect(applied.text).toContain(
      'Route 53 data plane: 6 health check(s) created, 0 updated, 0 deleted, 5 record set change(s)',
    );
    expect(fake.checks.size).toBe(6);
    expect([...fake.sets.values()].filter((s) => s.Failover)).toHaveLength(4);
    // The tick of apply wrote the swap-mode record and left the data-plane one's Route 53 side alone.
    const plain = [...fake.sets.values()]
      .filter((s) => !s.SetIdentifier && s.Type === 'A')
      .map((s) => s.Name);
    expect(plain).toEqual(['www.example.com.']);
    expect(applied.text).toContain('app.example.com/A');
    r53.resetHistory();
    const again = await cli('plan');
    expect(again.text).toContain('Route 53 data plane: no changes.');
  });
});
