/**
 * What every plane logs and returns about a tick (the tick Lambda's answer, the Worker's tick and round
 * log lines): the decisions, not every observation; and one log line per event.
 */
import type { Logger } from './ports';
import type { TickReport } from './tick';
import type { CoreEvent } from './types';

export interface TickSummary {
  ok: true;
  plane: string;
  dryRun: boolean;
  authority: TickReport['authority'];
  durationMs: number;
  probes: { total: number; failed: number };
  records: {
    record: string;
    activePool: string;
    epoch: number;
    decision: string;
    committed: boolean;
    reason: string;
    providers: { provider: string; changes: number; applied: boolean; error?: string; foreign?: string }[];
  }[];
  events: string[];
  /** Transitions recorded by this tick. */
  transitions: number;
  warnings: string[];
  refused?: string[];
}

export function summarizeTick(report: TickReport): TickSummary {
  return {
    ok: true,
    plane: report.plane,
    dryRun: report.dryRun,
    authority: report.authority,
    durationMs: report.finishedAt - report.startedAt,
    probes: { total: report.observations.length, failed: report.observations.filter((o) => !o.ok).length },
    records: report.records.map((r) => ({
      record: r.record,
      activePool: r.activePool,
      epoch: r.epoch,
      decision: r.decision,
      committed: r.committed,
      reason: r.reason,
      providers: r.providers.map((p) => ({
        provider: p.provider,
        changes: p.changes.length,
        applied: p.applied,
        ...(p.error ? { error: p.error } : {}),
        ...(p.foreign ? { foreign: p.foreign } : {}),
      })),
    })),
    events: report.events.map((e) => e.type),
    transitions: report.events.filter((e) => e.type === 'transition').length,
    warnings: report.warnings,
    ...(report.refused ? { refused: report.refused } : {}),
  };
}

/** One log line per event, at a level an alarm can filter on (fail-static is an error). */
export function logEvents(logger: Logger, events: readonly CoreEvent[]): void {
  for (const event of events) {
    if (event.type === 'fail-static') logger.error('fail-static', { ...event });
    else if (event.type === 'transition') logger.info('transition', { ...event.transition });
    else if (event.type === 'apply-failed' || event.type === 'commit-failed' || event.type === 'conflict')
      logger.warn(event.type, { ...event });
    else logger.info(event.type, { ...event });
  }
}
