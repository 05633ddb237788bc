/** Runs the chosen benchmark sections in order and collects their results with the machine they ran on. */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { apiSection } from './api';
import { bundleSection } from './bundles';
import { cpuSection } from './cpu/section';
import { detectionSection } from './detection';
import { FAILOVER_RECORDS, failoverSection } from './failover/section';
import { machine, referenceCpuMs } from './machine';
import { type Results, SECTIONS, type Section, type SectionId } from './report';
import { SCALE_SIZES, scaleSection } from './scale/section';

export interface BenchOptions {
  only: SectionId[];
  /** Overrides every section's run count. */
  runs?: number;
  sizes: number[];
  /** Check timeout of the scale checks, as written in a config ("5s"); default the config default. */
  timeout?: string;
  ticks: number;
  seeds: number;
  offsets: number;
  lossTicks: number;
  apiRecords: number[];
  /** Record counts of the failover section. */
  failoverRecords: number[];
  apiZones: number[];
  cadencesS: number[];
}

export const DEFAULTS: BenchOptions = {
  only: [...SECTIONS],
  sizes: SCALE_SIZES,
  ticks: 200,
  seeds: 5,
  offsets: 4,
  lossTicks: 10_000,
  apiRecords: [1, 10, 100],
  failoverRecords: FAILOVER_RECORDS,
  apiZones: [1, 5],
  cadencesS: [10, 30, 60],
};

/** The command that reproduces a section's figures with these options (only what differs from the defaults). */
export function commandFor(section: SectionId, options: BenchOptions, extra: string[] = []): string {
  const args = ['--only', section, ...extra];
  if (options.runs !== undefined) args.push('--runs', String(options.runs));
  if (section === 'scale' && options.timeout) args.push('--timeout', options.timeout);
  if (section === 'cpu' && options.ticks !== DEFAULTS.ticks) args.push('--ticks', String(options.ticks));
  if (section === 'detection') {
    if (options.seeds !== DEFAULTS.seeds) args.push('--seeds', String(options.seeds));
    if (options.offsets !== DEFAULTS.offsets) args.push('--offsets', String(options.offsets));
    if (options.lossTicks !== DEFAULTS.lossTicks) args.push('--loss-ticks', String(options.lossTicks));
  }
  return `npm run bench -- ${args.join(' ')}`;
}

function section(id: SectionId, o: BenchOptions): Promise<Section> {
  const command = commandFor(id, o);
  switch (id) {
    case 'scale':
      return scaleSection({
        sizes: o.sizes,
        runs: o.runs ?? 3,
        ...(o.timeout ? { timeout: o.timeout } : {}),
        command: (size) => commandFor('scale', o, ['--sizes', String(size)]),
      });
    case 'cpu':
      return cpuSection({ runs: o.runs ?? 5, ticks: o.ticks, command });
    case 'api':
      return apiSection({ records: o.apiRecords, zones: o.apiZones, runs: o.runs ?? 5, command });
    case 'failover':
      return failoverSection({
        records: o.failoverRecords,
        runs: o.runs ?? 3,
        command: (n) => commandFor('failover', o, ['--records', String(n)]),
      });
    case 'bundles':
      return bundleSection({ runs: o.runs ?? 7, command });
    case 'detection':
      return detectionSection({
        cadencesS: o.cadencesS,
        seeds: o.seeds,
        offsets: o.offsets,
        lossTicks: o.lossTicks,
        command,
      });
  }
}

/** The commit measured, marked when tracked files differ from it; undefined outside a git checkout. */
function revision(): string | undefined {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return undefined;
  }
}

export async function runBench(
  options: BenchOptions,
  command: string,
  log = (_: string) => {},
): Promise<Results> {
  const started = Date.now();
  const box = machine();
  const commit = revision();
  const sections: Section[] = [];
  for (const id of SECTIONS.filter((s) => options.only.includes(s))) {
    const t = Date.now();
    log(`bench: ${id} ...`);
    sections.push(await section(id, options));
    log(`bench: ${id} done in ${Math.round((Date.now() - t) / 1_000)} s`);
  }
  return {
    machine: box,
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1_000),
    loadAtEnd: Math.round(loadavg()[0]! * 100) / 100,
    referenceCpuMsAtEnd: referenceCpuMs(),
    command,
    ...(commit ? { commit } : {}),
    sections,
  };
}
