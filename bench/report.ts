/** The shape of a benchmark result and its markdown rendering: one table per section, each row with its command. */
import type { Machine } from './machine';

export const SECTIONS = ['scale', 'cpu', 'api', 'failover', 'bundles', 'detection'] as const;
export type SectionId = (typeof SECTIONS)[number];

export interface Row {
  section: SectionId;
  /** What was measured, e.g. "1,000 checks, 10% hang". */
  figure: string;
  /** The measured value(s), formatted for people. */
  measured: string;
  /** Medians (or exact counts), keyed by what they are; null when nothing could be measured. */
  values: Record<string, number | null>;
  /** Every run's raw values, keyed as `values`. */
  samples?: Record<string, number[]>;
  /** How many runs the medians are taken over (1 for exact figures). */
  runs: number;
  target?: string;
  /** "met", or "missed: <what> > <bound>"; absent when there is no target. */
  verdict?: string;
  /** Reproduces this figure; empty for a published figure, which names its `source` instead. */
  command: string;
  source?: string;
  note?: string;
}

export interface Section {
  id: SectionId;
  title: string;
  rows: Row[];
  /** Said once under the table: what the rows model and why a figure is what it is. */
  notes: string[];
}

export interface Results {
  machine: Machine;
  startedAt: string;
  durationS: number;
  /** 1-minute load average when the run ended. */
  loadAtEnd: number;
  /** CPU time of the reference workload when the run ended (bench/machine.ts). */
  referenceCpuMsAtEnd: number;
  command: string;
  /** The commit measured (short hash), "with uncommitted changes" when the tree differed. */
  commit?: string;
  sections: Section[];
}

/** "met" when `ok`, else "missed: <measured> <op> <bound>". */
export function verdict(ok: boolean, measured: string, op: '>' | '<' | '!=', bound: string): string {
  return ok ? 'met' : `missed: ${measured} ${op} ${bound}`;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function sectionTable(section: Section): string {
  const lines = [
    `### ${section.title}`,
    '',
    '| figure | measured | target | runs | command |',
    '|---|---|---|---|---|',
    ...section.rows.map((r) => {
      const target = r.target
        ? `${r.target}: ${r.verdict?.startsWith('missed') ? `**${r.verdict}**` : r.verdict}`
        : '';
      const measured = r.note ? `${r.measured} (${r.note})` : r.measured;
      const how = r.source ? `[published](${r.source})` : `\`${r.command}\``;
      return `| ${cell(r.figure)} | ${cell(measured)} | ${cell(target)} | ${r.runs || ''} | ${how} |`;
    }),
  ];
  if (section.notes.length > 0) lines.push('', ...section.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

export function markdown(results: Results): string {
  const m = results.machine;
  return [
    `Measured ${results.startedAt} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), Node ${m.node}, ${m.os}, by \`${results.command}\`${results.commit ? ` at ${results.commit}` : ''} in ${results.durationS} s; 1-minute load average ${m.loadAtStart} at the start, ${results.loadAtEnd} at the end${m.openFilesLimit ? `, ${m.openFilesLimit.toLocaleString('en-US')} open files per process` : ''}; the reference workload (bench/machine.ts: the same CPU work on every run, to set runs on a shared machine against its speed at the time) took ${m.referenceCpuMs} ms at the start and ${results.referenceCpuMsAtEnd} ms at the end. Each figure is the median of the runs given beside it.`,
    '',
    ...results.sections.flatMap((s) => [sectionTable(s), '']),
  ].join('\n');
}
