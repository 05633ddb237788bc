import { describe, expect, it } from 'vitest';
import type { ProviderCapabilities } from '../../../functions/core/ports';
import type { RecordSet } from '../../../functions/core/types';
import { type ImportOptions, planImport } from '../../../functions/zone/import-plan';
import { ZONE_TYPES, type ZoneRecord } from '../../../functions/zone/model';
import type { Target } from '../../../functions/zone/support';
import { rec } from './fixtures';

const caps = (extra: Partial<ProviderCapabilities>): ProviderCapabilities => ({
  types: [...ZONE_TYPES],
  proxied: false,
  minTtl: 0,
  maxBatch: 1000,
  ...extra,
});
const CLOUDFLARE: Target = { provider: 'cloudflare', capabilities: caps({ proxied: true, minTtl: 60 }) };
const ROUTE53: Target = { provider: 'route53', capabilities: caps({ alias: true }) };
const marker = (owner: string) =>
  `heritage=twinplane,owner=${owner},record=app.example.com/A,pool=primary,epoch=3,plane=aws`;
const set = (name: string, type: string, values: string[], ttl = 300): RecordSet => ({
  name,
  type,
  ttl,
  values,
});
const APP = rec('app.example.com', 'A', ['192.0.2.10']);
const ALIAS = rec('example.com', 'A', [], 0, {
  alias: { target: 'dualstack.lb.example.net', zoneId: 'Z35SXDOTRQ7X7K', evaluateHealth: false },
});

interface Case {
  name: string;
  source: ZoneRecord[];
  target?: RecordSet[];
  to?: Target;
  options?: Partial<ImportOptions>;
  /** `id outcome` per entry, with `: message fragment` when the message matters. */
  entries: string[];
  changes: string[];
  unsafe?: string[];
}

const cases: Case[] = [
  {
    name: 'creates what is missing and leaves what matches',
    source: [APP, rec('www.example.com', 'CNAME', ['app.example.com'])],
    target: [set('app.example.com', 'A', ['192.0.2.10'])],
    entries: ['app.example.com/A in-sync', 'www.example.com/CNAME create'],
    changes: ['create www.example.com/CNAME'],
  },
  {
    name: 'a different record set is a conflict without --overwrite',
    source: [APP],
    target: [set('app.example.com', 'A', ['192.0.2.99'], 60)],
    entries: ['app.example.com/A conflict: values 192.0.2.99 -> 192.0.2.10; ttl 60 -> 300; pass --overwrite'],
    changes: [],
  },
  {
    name: 'and an update carrying the value read with --overwrite',
    source: [APP],
    target: [set('app.example.com', 'A', ['192.0.2.99'])],
    options: { overwrite: true },
    entries: ['app.example.com/A update: values 192.0.2.99 -> 192.0.2.10'],
    changes: ['update app.example.com/A from 192.0.2.99'],
  },
  {
    name: 'a record set only in the target is kept without --prune',
    source: [APP],
    target: [set('app.example.com', 'A', ['192.0.2.10']), set('old.example.com', 'A', ['192.0.2.5'])],
    entries: ['app.example.com/A in-sync', 'old.example.com/A kept: not in the file (--prune deletes it)'],
    changes: [],
  },
  {
    name: 'and deleted with --prune, which lets the gates pass deletes',
    source: [APP],
    target: [set('app.example.com', 'A', ['192.0.2.10']), set('old.example.com', 'A', ['192.0.2.5'])],
    options: { prune: true },
    entries: ['app.example.com/A in-sync', 'old.example.com/A delete'],
    changes: ['delete old.example.com/A from 192.0.2.5'],
  },
  {
    name: 'apex NS and SOA are never imported, changed or pruned',
    source: [rec('example.com', 'NS', ['ns1.example.net']), rec('example.com', 'SOA', ['a b 1 2 3 4 5'])],
    target: [set('example.com', 'NS', ['ns-1.awsdns-01.org']), set('example.com', 'SOA', ['x y 9 9 9 9 9'])],
    options: { overwrite: true, prune: true },
    entries: ['example.com/NS owned: the apex NS and SOA belong to the provider', 'example.com/SOA owned'],
    changes: [],
  },
  {
    name: "another owner's marker guards its record and itself, even with --overwrite and --prune",
    source: [rec('app.example.com', 'A', ['192.0.2.77'])],
    target: [
      set('app.example.com', 'A', ['192.0.2.10']),
      set('_twinplane-a.app.example.com', 'TXT', [marker('team-b')]),
    ],
    options: { overwrite: true, prune: true },
    entries: [
      'app.example.com/A owned: managed by owner "team-b"; not touched',
      '_twinplane-a.app.example.com/TXT owned: ownership marker of owner "team-b"',
    ],
    changes: [],
  },
  {
    name: "the failover plane's own records are left to the plane",
    source: [rec('app.example.com', 'A', ['192.0.2.77'])],
    target: [
      set('app.example.com', 'A', ['192.0.2.10']),
      set('_twinplane-a.app.example.com', 'TXT', [marker('twinplane')]),
    ],
    options: { overwrite: true },
    entries: [
      'app.example.com/A owned: managed by twinplane\'s failover (owner "twinplane"); the plane writes it',
      '_twinplane-a.app.example.com/TXT owned: ownership marker of twinplane',
    ],
    changes: [],
  },
  {
    name: 'a managed record and its marker missing from the target are restored together',
    source: [APP, rec('_twinplane-a.app.example.com', 'TXT', [marker('twinplane')])],
    target: [],
    entries: ['app.example.com/A create', '_twinplane-a.app.example.com/TXT create'],
    changes: ['create app.example.com/A', 'create _twinplane-a.app.example.com/TXT'],
  },
  {
    name: 'an alias cannot go to Cloudflare, and says what to do instead',
    source: [ALIAS],
    to: CLOUDFLARE,
    entries: [
      'example.com/A unsupported: example.com A is a Route 53 alias to dualstack.lb.example.net; cloudflare has no alias records: use a CNAME at the name; Cloudflare flattens it at the apex',
    ],
    changes: [],
  },
  {
    name: 'an alias goes back to Route 53',
    source: [ALIAS],
    to: ROUTE53,
    entries: ['example.com/A create'],
    changes: ['create example.com/A ttl 0'],
  },
  {
    name: 'an alias in Route 53 is never overwritten',
    source: [rec('example.com', 'A', ['192.0.2.1'])],
    target: [set('example.com', 'A', ['ALIAS dualstack.lb.example.net (zone Z35SXDOTRQ7X7K)'], 0)],
    to: ROUTE53,
    options: { overwrite: true, prune: true },
    entries: [
      "example.com/A conflict: values ALIAS dualstack.lb.example.net (zone Z35SXDOTRQ7X7K) -> 192.0.2.1; the target's set is an alias",
    ],
    changes: [],
  },
  {
    name: 'a routing-policy set is refused everywhere',
    source: [rec('app.example.com', 'A', ['192.0.2.1'], 60, { setIdentifier: 'blue' })],
    to: ROUTE53,
    entries: [
      'app.example.com/A#blue unsupported: app.example.com A is a Route 53 routing-policy set ("blue")',
    ],
    changes: [],
  },
  {
    name: 'a proxied record goes to Route 53 DNS-only, saying so',
    source: [rec('cdn.example.com', 'A', ['198.51.100.7'], 1, { proxied: true })],
    to: ROUTE53,
    entries: [
      'cdn.example.com/A create: proxied on Cloudflare; route53 answers with the origin values themselves',
    ],
    changes: ['create cdn.example.com/A'],
  },
  {
    name: 'a TTL below the target minimum is raised, saying so',
    source: [rec('app.example.com', 'A', ['192.0.2.1'], 30)],
    to: CLOUDFLARE,
    entries: ["app.example.com/A create: ttl 30 raised to cloudflare's minimum of 60"],
    changes: ['create app.example.com/A ttl 60'],
  },
  {
    name: 'a type the target does not declare is refused with a hint',
    source: [rec('example.com', 'SPF', ['v=spf1 -all'])],
    to: CLOUDFLARE,
    entries: [
      'example.com/SPF unsupported: SPF records are not supported by cloudflare: publish the policy as a TXT record',
    ],
    changes: [],
  },
  {
    name: 'a CNAME cannot be created beside other records',
    source: [rec('app.example.com', 'CNAME', ['lb.example.net'])],
    target: [set('app.example.com', 'A', ['192.0.2.1'])],
    options: { overwrite: true },
    entries: [
      'app.example.com/CNAME conflict: a A record already exists at app.example.com',
      'app.example.com/A kept',
    ],
    changes: [],
  },
  {
    name: 'names outside the zone are refused',
    source: [rec('app.example.org', 'A', ['192.0.2.1'])],
    entries: ['app.example.org/A conflict: app.example.org is outside the zone example.com'],
    changes: [],
  },
  {
    name: 'more changes than --max-changes refuse the plan',
    source: ['a', 'b', 'c'].map((n) => rec(`${n}.example.com`, 'A', ['192.0.2.1'])),
    options: { maxChanges: 2 },
    entries: ['a.example.com/A create', 'b.example.com/A create', 'c.example.com/A create'],
    changes: ['create a.example.com/A', 'create b.example.com/A', 'create c.example.com/A'],
    unsafe: ['3 record set changes exceed --max-changes (2)'],
  },
];

describe('planImport', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const plan = planImport(
      { origin: 'example.com', records: c.source },
      c.target ?? [],
      c.to ?? CLOUDFLARE,
      {
        owner: 'twinplane',
        maxChanges: 100,
        ...c.options,
      },
    );
    expect(plan.entries).toHaveLength(c.entries.length);
    c.entries.forEach((expected, i) => {
      const e = plan.entries[i]!;
      const [head, message] = expected.split(/: (.*)/s);
      expect(`${e.id} ${e.outcome}`).toBe(head);
      if (message) expect(e.message).toContain(message);
    });
    const summary = plan.changes.map((ch) => {
      const s = ch.kind === 'delete' ? ch.prev : ch.next;
      const from = ch.kind === 'create' ? '' : ` from ${ch.prev.values.join(',')}`;
      // 300 is every source TTL here but the ones a case changes, which show.
      const ttl = ch.kind === 'create' && s.ttl !== 300 ? ` ttl ${s.ttl}` : '';
      return `${ch.kind} ${ch.record}${from}${ttl}`;
    });
    expect(summary.sort()).toEqual([...c.changes].sort());
    expect(plan.unsafe).toEqual(c.unsafe ?? []);
  });

  it('an update carries the target set exactly as read, so a provider can compare-and-set on it', () => {
    const prev = { ...set('app.example.com', 'A', ['192.0.2.99']), proxied: false };
    const plan = planImport({ origin: 'example.com', records: [APP] }, [prev], CLOUDFLARE, {
      owner: 'twinplane',
      overwrite: true,
      maxChanges: 10,
    });
    expect(plan.changes).toEqual([
      {
        kind: 'update',
        role: 'record',
        record: 'app.example.com/A',
        prev,
        next: set('app.example.com', 'A', ['192.0.2.10']),
      },
    ]);
  });
});
