import { describe, expect, it } from 'vitest';
import { logEvents, summarizeTick } from '../../../functions/core/summary';
import type { TickReport } from '../../../functions/core/tick';
import type { CoreEvent } from '../../../functions/core/types';

const transition = {
  type: 'transition',
  transition: { id: 'app.example.com/A#1', record: 'app.example.com/A', from: 'primary', to: 'secondary' },
} as unknown as CoreEvent;
const events: CoreEvent[] = [
  transition,
  { type: 'fail-static', record: 'b.example.com/A', reason: 'every pool unhealthy' } as CoreEvent,
  {
    type: 'apply-failed',
    record: 'app.example.com/A',
    provider: 'cloudflare',
    reason: '429',
    retryable: true,
  },
];
const report: TickReport = {
  plane: 'cloudflare',
  startedAt: 1_000,
  finishedAt: 1_250,
  dryRun: false,
  authority: { applies: true, reason: 'leader' },
  observations: [{ check: 'a', ok: true } as never, { check: 'b', ok: false } as never],
  rounds: 1,
  health: {},
  records: [],
  events,
  warnings: ['peer aws unreadable'],
};

describe('one tick summary for every plane', () => {
  it('counts probes, failures and transitions, and names the events', () => {
    expect(summarizeTick(report)).toMatchObject({
      ok: true,
      plane: 'cloudflare',
      durationMs: 250,
      probes: { total: 2, failed: 1 },
      transitions: 1,
      events: ['transition', 'fail-static', 'apply-failed'],
      warnings: ['peer aws unreadable'],
    });
  });

  it('logs one line per event, fail-static as an error and failures as warnings', () => {
    const lines: [string, string][] = [];
    const logger = {
      debug: (m: string) => lines.push(['debug', m]),
      info: (m: string) => lines.push(['info', m]),
      warn: (m: string) => lines.push(['warn', m]),
      error: (m: string) => lines.push(['error', m]),
    };
    logEvents(logger as never, events);
    expect(lines).toEqual([
      ['info', 'transition'],
      ['error', 'fail-static'],
      ['warn', 'apply-failed'],
    ]);
  });
});
