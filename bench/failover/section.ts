/**
 * A mass failover at scale: for 100, 1,000 and 10,000 records in one zone, the provider and store calls
 * of the tick that moves every record over the real Route 53 and Cloudflare adapters (bench/failover/
 * child.ts), against the batch limits; and the CPU of a steady tick of as many records.
 */
import { LIMITS } from '../../functions/adapters/route53/batch';
import { type Row, type Section, verdict } from '../report';
import { count, median, ms, round, runChild } from '../stats';
import type { Calls, FailoverRun } from './child';

export interface FailoverOptions {
  records: number[];
  runs: number;
  /** The command that reproduces one size, given its size. */
  command: (records: number) => string;
}

export const FAILOVER_RECORDS = [100, 1_000, 10_000];
/** Route 53 changes per record on a failover (UPSERT of the set, DELETE + CREATE of its marker). */
const R53_CHANGES_PER_RECORD = 3;
/** Cloudflare operations per record on a failover (the same three), 200 to a batch on the Free plan. */
const CF_OPS_PER_RECORD = 3;
const CF_BATCH = 200;
const R53_PAGE = 300;
const CF_PAGE = 5_000;
const STEADY_LIMIT_MS = 10;
const STEADY_TARGET_RECORDS = 1_000;

function failoverRow(n: number, runs: FailoverRun[], command: string): Row {
  // The most calls any run made, per kind: a run that had to recover (a refused batch, a fresh listing)
  // shows in the figure rather than hiding behind the first run's.
  const calls = Object.fromEntries(
    (Object.keys(runs[0]!.failover.calls) as (keyof Calls)[]).map((k) => [
      k,
      Math.max(...runs.map((r) => r.failover.calls[k])),
    ]),
  ) as unknown as Calls;
  const want = {
    r53Writes: Math.ceil(n / Math.floor(LIMITS.changes / R53_CHANGES_PER_RECORD)),
    cfWrites: Math.ceil(n / Math.floor(CF_BATCH / CF_OPS_PER_RECORD)),
    // A record and its marker: two record sets each.
    r53Pages: Math.ceil((2 * n) / R53_PAGE),
    cfReads: Math.ceil((2 * n) / CF_PAGE),
    commits: 1,
  };
  const met = (Object.keys(want) as (keyof typeof want)[]).every((k) => calls[k] <= want[k]);
  const moved = runs.every((r) => r.failover.transitions === n);
  const wall = median(runs.map((r) => r.failover.wallMs));
  const cpu = median(runs.map((r) => r.failover.cpuMs));
  return {
    section: 'failover',
    figure: `failover of ${count(n)} records in one zone (${count(moved ? n : 0)} transitions)`,
    measured: `Route 53: ${calls.r53Writes} ChangeResourceRecordSets, ${calls.r53Pages} list pages · Cloudflare: ${calls.cfWrites} batch POSTs, ${calls.cfReads} list GETs · ${calls.commits} commitMany · ${ms(wall)} wall, ${ms(cpu)} CPU`,
    values: { ...calls, wallMs: round(wall), cpuMs: round(cpu) },
    samples: {
      wallMs: runs.map((r) => round(r.failover.wallMs)),
      cpuMs: runs.map((r) => round(r.failover.cpuMs)),
      ...Object.fromEntries(
        (Object.keys(calls) as (keyof Calls)[]).map((k) => [k, runs.map((r) => r.failover.calls[k])]),
      ),
    },
    runs: runs.length,
    target: `writes ${want.r53Writes} / ${want.cfWrites}, reads ${want.r53Pages} / ${want.cfReads}, 1 commitMany`,
    verdict: verdict(met && moved, moved ? 'more calls' : 'not every record moved', '>', 'the batch limits'),
    command,
    note: `the tick that created them: Route 53 ${runs[0]!.create.calls.r53Writes} writes, Cloudflare ${runs[0]!.create.calls.cfWrites}`,
  };
}

function steadyRow(n: number, runs: FailoverRun[], command: string): Row {
  const cpu = median(runs.map((r) => r.steadyCpuMs));
  const row: Row = {
    section: 'failover',
    figure: `steady tick of ${count(n)} records (no change; median of ${runs[0]!.steadyTicks} ticks per process after 10 warm-up ticks)`,
    measured: `${ms(cpu)} CPU`,
    values: { cpuMs: round(cpu, 2) },
    samples: { cpuMs: runs.map((r) => round(r.steadyCpuMs, 2)) },
    runs: runs.length,
    command,
  };
  if (n === STEADY_TARGET_RECORDS) {
    row.target = `<= ${STEADY_LIMIT_MS} ms`;
    row.verdict = verdict(cpu <= STEADY_LIMIT_MS, ms(cpu), '>', `${STEADY_LIMIT_MS} ms`);
  }
  return row;
}

export async function failoverSection(options: FailoverOptions): Promise<Section> {
  const failovers: Row[] = [];
  const steady: Row[] = [];
  for (const n of options.records) {
    const runs: FailoverRun[] = [];
    for (let i = 0; i < options.runs; i++)
      runs.push(
        await runChild<FailoverRun>('bench/failover/child.ts', ['--records', String(n)], {
          timeoutMs: 300_000,
        }),
      );
    failovers.push(failoverRow(n, runs, options.command(n)));
    steady.push(steadyRow(n, runs, options.command(n)));
  }
  return {
    id: 'failover',
    title: 'Mass failover and steady tick at scale (one zone, the real Route 53 and Cloudflare adapters)',
    rows: [...failovers, ...steady],
    notes: [
      `The failover rows run \`runTick\` with the real Route53DnsProvider over a paginating SDK mock (${R53_PAGE} record sets a page) and the real Cloudflare provider over HTTP to the Cloudflare API fake (every request and answer checked against Cloudflare's published schema; ${CF_PAGE} records a page); the store is in memory. Each record moves with ${R53_CHANGES_PER_RECORD} Route 53 changes, whole in one ChangeBatch of at most ${LIMITS.changes}, and ${CF_OPS_PER_RECORD} Cloudflare operations, whole in one batch of at most ${CF_BATCH}; every record's transition is committed once, atomically with its marker, in one commitMany (DynamoDB splits it into TransactWriteItems of at most 100 items).`,
      "Wall and CPU time include the fakes (the SDK mock, the HTTP fake and its schema checks), so they bound the adapters' cost from above; the call counts are exact, and each is the most any run made (every run's counts are in bench/results.json), so a run that had to recover (a refused batch answered by a fresh listing) shows in the row.",
      "The steady rows run the same records on the in-memory providers and store (no HTTP), so they are the core's own CPU per tick (with the in-memory store's copies of what it loads and commits): reading markers, deciding, planning and comparing every record on both providers. They run first in each process, before the failover ticks, as a plane's process only ever sees its own adapters' objects. process.cpuUsage() counts every thread, so V8's garbage collection is in the figure.",
    ],
  };
}
