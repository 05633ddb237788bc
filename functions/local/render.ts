/** Human-readable rendering of tick reports for the terminal. */
import type { AggregatedCheck } from '../core/health';
import type { TickReport } from '../core/tick';
import type { CoreEvent } from '../core/types';

export interface Style {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const colors: Style = {
  bold: wrap(1, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  dim: wrap(2, 22),
};
export const plain: Style = {
  bold: (s) => s,
  red: (s) => s,
  green: (s) => s,
  yellow: (s) => s,
  dim: (s) => s,
};

export function time(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function checkLine(name: string, check: AggregatedCheck, report: TickReport, style: Style): string {
  const obs = report.observations.find((o) => o.check === name);
  const mark =
    check.status === 'healthy'
      ? style.green('healthy  ')
      : check.status === 'unhealthy'
        ? style.red('unhealthy')
        : style.yellow('unknown  ');
  const latest = obs ? `${obs.ok ? 'ok' : 'FAIL'}: ${obs.reason}` : 'not probed this tick';
  return `  ${name.padEnd(20)} ${mark} ${style.dim(latest)}`;
}

export function renderEvent(event: CoreEvent, style: Style): string | undefined {
  switch (event.type) {
    case 'transition': {
      const t = event.transition;
      const label = t.kind.toUpperCase().replace('-', ' ');
      return style.bold(
        style.yellow(`  >> ${label} ${t.record}: ${t.from} -> ${t.to} (epoch ${t.epoch}): ${t.reason}`),
      );
    }
    case 'fail-static':
      return style.bold(style.red(`  !! FAIL-STATIC ${event.record}: ${event.reason}`));
    case 'fail-static-cleared':
      return style.green(`  -- ${event.record}: ${event.activePool} is healthy again; fail-static cleared`);
    case 'foreign':
      return style.yellow(
        `  !! ${event.record} on ${event.provider} is not ours, left alone: ${event.reason}`,
      );
    case 'conflict':
      return style.yellow(`  !! ${event.record}: ${event.reason}`);
    case 'apply-failed':
      return style.red(`  !! ${event.record} on ${event.provider}: ${event.reason}`);
    case 'commit-failed':
      return style.red(`  !! ${event.record}: state commit failed: ${event.reason}`);
    case 'plan-refused':
      return style.red(`  !! plan refused for ${event.record}: ${event.reasons.join('; ')}`);
    case 'no-authority':
      return style.dim(`  -- ${event.record}: ${event.reason}`);
    case 'takeover':
      return style.bold(style.yellow(`  >> TAKEOVER by the ${event.plane} plane: ${event.reason}`));
    case 'drift':
      return style.yellow(`  !! drift on ${event.provider} for ${event.record}: ${event.detail}`);
  }
}

export function renderTick(report: TickReport, style: Style): string {
  const lines = [
    style.bold(`${time(report.startedAt)} tick (${report.plane} plane${report.dryRun ? ', dry run' : ''})`),
  ];
  for (const [name, check] of Object.entries(report.health))
    lines.push(checkLine(name, check, report, style));
  for (const r of report.records) {
    const changes = r.providers.reduce((n, p) => n + p.changes.length, 0);
    const applied = r.providers.filter((p) => p.applied).map((p) => p.provider);
    const extra = [
      r.pinned ? `pinned to ${r.pinned}` : '',
      r.holding ? 'holding (fail-static)' : '',
      applied.length ? `applied ${changes} change(s) to ${applied.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(
      `  ${r.record.padEnd(20)} active ${style.bold(r.activePool)} (epoch ${r.epoch})${extra.length ? `, ${extra.join(', ')}` : ''}`,
    );
  }
  for (const e of report.events) {
    const line = renderEvent(e, style);
    if (line) lines.push(line);
  }
  if (!report.authority.applies) lines.push(style.dim(`  -- ${report.authority.reason}`));
  for (const w of report.warnings) lines.push(style.yellow(`  warning: ${w}`));
  return lines.join('\n');
}
