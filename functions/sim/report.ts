/** Renders simulator results as the markdown table the README shows. */
import type { ScenarioResult } from './engine';

export function markdownTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) =>
    [
      r.title,
      r.detectionToSwapS === null ? 'no swap' : `${r.detectionToSwapS} s`,
      r.falseFailovers,
      r.flaps,
      r.providerWrites,
      r.transitions,
      r.finalPool,
      r.checks.map((c) => `${c.ok ? 'pass' : 'FAIL'} ${c.property}`).join(', '),
    ].join(' | '),
  );
  return [
    '| scenario | detection-to-swap | false failovers | flaps | provider writes | transitions | ends on | properties |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}
