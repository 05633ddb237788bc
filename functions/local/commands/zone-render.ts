/** Text for `twinplane zone`: an import plan entry by entry, a diff, an export summary. */
import type { DiffEntry } from '../../zone/diff';
import type { ImportPlan, Outcome } from '../../zone/import-plan';
import type { Zone } from '../../zone/model';
import type { Style } from '../render';

const MARK: Record<Outcome, (s: Style) => string> = {
  create: (s) => s.green('+'),
  update: (s) => s.yellow('~'),
  delete: (s) => s.red('-'),
  'in-sync': () => '=',
  unsupported: (s) => s.red('!'),
  owned: (s) => s.yellow('#'),
  conflict: (s) => s.yellow('?'),
  kept: () => ' ',
};

export function countOutcomes(plan: ImportPlan): Partial<Record<Outcome, number>> {
  const counts: Partial<Record<Outcome, number>> = {};
  for (const e of plan.entries) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
  return counts;
}

export function renderImportPlan(plan: ImportPlan, target: string, style: Style): string[] {
  const lines = [`Import into ${target} (zone ${plan.origin}):`];
  for (const e of plan.entries) {
    if (e.outcome === 'in-sync') continue;
    lines.push(
      `  ${MARK[e.outcome](style)} ${e.id.padEnd(36)} ${e.outcome}${e.message ? `: ${e.message}` : ''}`,
    );
  }
  const counts = countOutcomes(plan);
  const summary = (Object.entries(counts) as [Outcome, number][]).map(([k, n]) => `${n} ${k}`).join(', ');
  lines.push(`${plan.changes.length} change(s)${summary ? ` (${summary})` : ''}`);
  for (const reason of plan.unsafe) lines.push(style.red(`  refused: ${reason}`));
  return lines;
}

export function renderDiff(entries: readonly DiffEntry[], from: string, to: string, style: Style): string[] {
  if (entries.length === 0) return [`${from} and ${to} are in sync`];
  const sign = { missing: style.red('-'), extra: style.green('+'), changed: style.yellow('~') };
  const lines = entries.map((e) => `  ${sign[e.kind]} ${e.id.padEnd(36)} ${e.detail}`);
  lines.unshift(`${from} -> ${to}: ${entries.length} difference(s)`);
  return lines;
}

/** What an export holds beyond plain record sets, so nothing provider-specific passes unnoticed. */
export function exportNotes(zone: Zone, format: 'json' | 'bind'): string[] {
  const aliases = zone.records.filter((r) => r.alias).length;
  const routing = zone.records.filter((r) => r.setIdentifier).length;
  const proxied = zone.records.filter((r) => r.proxied).length;
  const notes: string[] = [];
  if (aliases > 0)
    notes.push(
      `${aliases} Route 53 alias record set(s)${format === 'bind' ? ' as ";twinplane alias" comments' : ''}; providers without aliases refuse them on import`,
    );
  if (routing > 0)
    notes.push(
      `${routing} routing-policy record set(s) (SetIdentifier)${format === 'bind' ? ' as comments only' : ''}; their policies are not exported and import refuses them`,
    );
  if (proxied > 0) notes.push(`${proxied} Cloudflare-proxied record set(s), marked proxied`);
  return notes;
}
