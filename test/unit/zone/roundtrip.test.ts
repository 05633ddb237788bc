/** export -> import -> diff across the in-memory provider, Route 53 (stateful fake) and Cloudflare (API fake). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../../functions/adapters/memory/dns';
import { Route53DnsProvider } from '../../../functions/adapters/route53/provider';
import type { ZoneSpec } from '../../../functions/core/config/model';
import type { DnsProvider } from '../../../functions/core/ports';
import { applyImport } from '../../../functions/zone/apply';
import { parseBind } from '../../../functions/zone/bind-parse';
import { writeBind } from '../../../functions/zone/bind-write';
import { diffZones } from '../../../functions/zone/diff';
import { type ImportPlan, planImport } from '../../../functions/zone/import-plan';
import { parseJson, writeJson } from '../../../functions/zone/json';
import { ZONE_TYPES, type Zone } from '../../../functions/zone/model';
import { toZone } from '../../../functions/zone/records';
import { type FakeHarness, startFake, ZONE_ID } from '../../fakes/cloudflare/harness';
import { fakeRoute53 } from '../../helpers/aws-fakes';
import { everyType } from './fixtures';

interface Side {
  name: string;
  provider: DnsProvider;
  zone: ZoneSpec;
}

const ORIGIN = 'example.com';
let cf: FakeHarness;
const r53 = fakeRoute53([
  { Name: 'example.com.', Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }] },
  {
    Name: 'example.com.',
    Type: 'SOA',
    TTL: 900,
    ResourceRecords: [
      { Value: 'ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' },
    ],
  },
]);
let sides: Record<'memory' | 'route53' | 'cloudflare', Side>;

beforeAll(async () => {
  cf = await startFake();
  sides = {
    memory: {
      name: 'local',
      provider: new MemoryDnsProvider({ name: 'local', capabilities: { types: [...ZONE_TYPES] } }),
      zone: { id: ORIGIN, domain: ORIGIN },
    },
    route53: {
      name: 'route53',
      provider: new Route53DnsProvider({ api: r53.api }),
      zone: { id: 'Z1', domain: ORIGIN },
    },
    cloudflare: { name: 'cloudflare', provider: cf.provider(), zone: { id: ZONE_ID, domain: ORIGIN } },
  };
});
afterAll(async () => {
  r53.mock.restore();
  await cf.server.close();
});

async function exportZone(side: Side): Promise<Zone> {
  return toZone(ORIGIN, await side.provider.read(side.zone));
}

async function importZone(source: Zone, side: Side): Promise<ImportPlan> {
  const actual = await side.provider.read(side.zone);
  const target = { provider: side.name, capabilities: side.provider.capabilities };
  const plan = planImport(source, actual, target, { owner: 'twinplane', maxChanges: 100 });
  expect(plan.unsafe).toEqual([]);
  await applyImport(side.provider, side.zone, plan.changes);
  return plan;
}

const outcomes = (plan: ImportPlan, outcome: string) =>
  plan.entries.filter((e) => e.outcome === outcome).map((e) => `${e.id}: ${e.message ?? ''}`);
const ids = (plan: ImportPlan, outcome: string) => outcomes(plan, outcome).map((o) => o.split(':')[0]);

describe('zone round trips', () => {
  it('every type goes into Route 53, the alias included; the proxy is reported, not silently lost', async () => {
    const plan = await importZone(everyType, sides.route53);
    expect(ids(plan, 'create')).toHaveLength(everyType.records.length - 2);
    expect(ids(plan, 'owned')).toEqual(['example.com/NS', 'example.com/SOA']);
    expect(outcomes(plan, 'create')).toContain(
      'cdn.example.com/A: proxied on Cloudflare; route53 answers with the origin values themselves (written DNS-only)',
    );
    const back = await exportZone(sides.route53);
    expect(diffZones(everyType, back).map((d) => `${d.kind} ${d.id} ${d.detail}`)).toEqual([]);
  });

  it('Route 53 -> JSON -> Cloudflare, with the alias refused by name and what to do instead', async () => {
    const backup = parseJson(writeJson(await exportZone(sides.route53), { source: 'route53:Z1' }));
    const plan = await importZone(backup, sides.cloudflare);
    expect(outcomes(plan, 'unsupported')).toEqual([
      'lb.example.com/A: lb.example.com A is a Route 53 alias to dualstack.lb.example.net; cloudflare has no alias records: use a CNAME at the name; Cloudflare flattens it at the apex',
    ]);
    const diff = diffZones(await exportZone(sides.route53), await exportZone(sides.cloudflare));
    expect(diff.map((d) => `${d.kind} ${d.id}`)).toEqual(['missing lb.example.com/A']);
  });

  it('Cloudflare -> BIND -> memory, then every pair in sync but for the alias', async () => {
    const text = writeBind(await exportZone(sides.cloudflare));
    const plan = await importZone(parseBind(text, 'cf.zone'), sides.memory);
    expect(outcomes(plan, 'unsupported')).toEqual([]);
    const memory = await exportZone(sides.memory);
    const cloudflare = await exportZone(sides.cloudflare);
    const route53 = await exportZone(sides.route53);
    expect(diffZones(cloudflare, memory)).toEqual([]);
    expect(diffZones(memory, route53).map((d) => `${d.kind} ${d.id}`)).toEqual(['extra lb.example.com/A']);
  });

  it('a proxied record keeps its proxy into Cloudflare, and re-importing anything is a no-op', async () => {
    const proxied = { origin: ORIGIN, records: everyType.records.filter((r) => r.proxied) };
    const plan = planImport(
      proxied,
      await sides.cloudflare.provider.read(sides.cloudflare.zone),
      {
        provider: 'cloudflare',
        capabilities: sides.cloudflare.provider.capabilities,
      },
      { owner: 'twinplane', maxChanges: 10, overwrite: true },
    );
    expect(outcomes(plan, 'update')).toEqual(['cdn.example.com/A: proxied false -> true']);
    await applyImport(sides.cloudflare.provider, sides.cloudflare.zone, plan.changes);
    expect(
      (await exportZone(sides.cloudflare)).records.find((r) => r.name === 'cdn.example.com'),
    ).toMatchObject({
      proxied: true,
      ttl: 1,
    });
    for (const side of Object.values(sides)) {
      const again = await importZone(await exportZone(side), side);
      expect(again.changes).toEqual([]);
    }
  });
});
