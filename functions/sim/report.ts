/** Renders simulator results as the markdown table the README shows. */
import type { ScenarioResult } from './engine';

export const README_START = '<!-- simulate:start (npm run simulate -- --readme) -->';
export const README_END = '<!-- simulate:end -->';

export function markdownTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) =>
    [
      `**${r.title}**<br>${r.story}`,
      r.detectionToSwapS === null ? 'no swap' : `${Math.round(r.detectionToSwapS * 10) / 10} s`,
      r.falseFailovers,
      r.flaps,
      r.providerWrites,
      r.transitions,
      r.finalPool,
      r.checks.map((c) => `${c.ok ? 'pass' : 'FAIL'} ${c.property}`).join(', '),
    ].join(' | '),
  );
  return [
    '| scenario | detection-to-swap | false failovers | flaps | provider writes | transitions | ends on | checks |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

/** Replaces the generated block of the README with `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README has no ${README_START} ... ${README_END} block`);
  return `${readme.slice(0, start + README_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The generated block as it stands in the README. */
export function tableIn(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  return readme.slice(start + README_START.length, end).trim();
}
