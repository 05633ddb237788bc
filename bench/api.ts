/**
 * Provider API calls per tick in steady state, counted on the in-memory providers: reads and writes per
 * provider, and the store's commits and beacons, for 1, 10 and 100 records spread over 1 and 5 zones.
 */
import { MemoryDnsProvider } from '../functions/adapters/memory/dns';
import { MemoryStateStore } from '../functions/adapters/memory/store';
import { parseConfig } from '../functions/core/config/validate';
import { runTick } from '../functions/core/tick';
import { ScriptedProber, VirtualClock } from '../test/helpers/fakes';
import { type Row, type Section, verdict } from './report';
import { count, median } from './stats';

export interface ApiOptions {
  records: number[];
  zones: number[];
  /** Steady ticks counted per case. */
  runs: number;
  command: string;
}

const cfZoneId = (z: number) => z.toString(16).padStart(32, '0');

function config(records: number, zones: number) {
  const domains = Array.from({ length: zones }, (_, z) => `zone${z}.example.com`);
  return parseConfig({
    providers: {
      route53: { zones: Object.fromEntries(domains.map((d, z) => [d, `ZBENCH${z}`])) },
      cloudflare: { zones: Object.fromEntries(domains.map((d, z) => [d, cfZoneId(z + 1)])) },
    },
    checks: {
      primary: { http: { url: 'https://primary.example.net/health' } },
      secondary: { http: { url: 'https://secondary.example.net/health' } },
    },
    records: Array.from({ length: records }, (_, i) => ({
      name: `app${i}.${domains[i % zones]}`,
      type: 'A',
      providers: ['route53', 'cloudflare'],
      pools: [
        { name: 'primary', values: ['192.0.2.10'], checks: ['primary'] },
        { name: 'secondary', values: ['198.51.100.10'], checks: ['secondary'] },
      ],
    })),
  });
}

interface Counts {
  r53Reads: number;
  r53Writes: number;
  cfReads: number;
  cfWrites: number;
  commits: number;
  beacons: number;
}

/** Calls of each steady tick (after the first tick created the records and a second settled). */
async function steadyCounts(records: number, zones: number, ticks: number): Promise<Counts[]> {
  const route53 = new MemoryDnsProvider({ name: 'route53' });
  const cloudflare = new MemoryDnsProvider({ name: 'cloudflare' });
  const store = new MemoryStateStore();
  const clock = new VirtualClock();
  const deps = {
    config: config(records, zones),
    plane: 'aws' as const,
    store,
    providers: { route53, cloudflare },
    prober: new ScriptedProber(),
    clock,
  };
  const snapshot = (): Counts => ({
    r53Reads: route53.calls.read,
    r53Writes: route53.calls.apply,
    cfReads: cloudflare.calls.read,
    cfWrites: cloudflare.calls.apply,
    commits: store.calls.commit,
    beacons: store.calls.publishBeacon,
  });
  const out: Counts[] = [];
  for (let i = 0; i < ticks + 2; i++) {
    const before = snapshot();
    await runTick(deps);
    clock.advance(30_000);
    const after = snapshot();
    if (i >= 2) {
      out.push(
        Object.fromEntries(
          Object.entries(after).map(([k, v]) => [k, v - before[k as keyof Counts]]),
        ) as unknown as Counts,
      );
    }
  }
  return out;
}

export async function apiSection(options: ApiOptions): Promise<Section> {
  const rows: Row[] = [];
  for (const zones of options.zones) {
    for (const records of options.records) {
      const runs = await steadyCounts(records, zones, options.runs);
      const m = (k: keyof Counts) => median(runs.map((r) => r[k]));
      const touched = Math.min(records, zones);
      const writes = m('r53Writes') + m('cfWrites') + m('commits');
      const ok = m('r53Reads') === touched && m('cfReads') === touched && writes === 0;
      const n = (k: keyof Counts, word: string) => `${m(k)} ${word}${m(k) === 1 ? '' : 's'}`;
      const measured = `Route 53 ${n('r53Reads', 'read')} / ${n('r53Writes', 'write')} · Cloudflare ${n('cfReads', 'read')} / ${n('cfWrites', 'write')} · store ${n('commits', 'commit')}, ${n('beacons', 'beacon')}`;
      rows.push({
        section: 'api',
        figure: `${count(records)} record${records > 1 ? 's' : ''} in ${touched} of ${zones} zone${zones > 1 ? 's' : ''}`,
        measured,
        values: Object.fromEntries((Object.keys(runs[0]!) as (keyof Counts)[]).map((k) => [k, m(k)])),
        samples: Object.fromEntries(
          (Object.keys(runs[0]!) as (keyof Counts)[]).map((k) => [k, runs.map((r) => r[k])]),
        ),
        runs: runs.length,
        target: `${touched} read${touched > 1 ? 's' : ''} per provider, 0 writes`,
        verdict: verdict(
          ok,
          `${m('r53Reads')}/${m('cfReads')} reads, ${writes} writes`,
          '!=',
          `${touched} reads, 0 writes`,
        ),
        command: options.command,
      });
    }
  }
  return {
    id: 'api',
    title: 'Provider API calls per tick in steady state',
    rows,
    notes: [
      'Counted as `DnsProvider.read` / `apply` and `StateStore.commit` / `publishBeacon` calls of the real `runTick` on in-memory providers and store, on the ticks after the one that created the records; records are spread round-robin over the zones, so a zone with no record is not read. The beacon is the one write every tick makes (P2).',
      'One read is one zone listing: on Route 53 that is one `ListResourceRecordSets` request per 300 record sets (each record has its marker, so 100 records are one page), on Cloudflare one list request per 5,000 records.',
    ],
  };
}
