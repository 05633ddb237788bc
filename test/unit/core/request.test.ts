import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../functions/core/errors';
import { parseRequest } from '../../../functions/core/request';
import { testConfig } from '../../helpers/fakes';

const config = testConfig();
const NOW = Date.UTC(2026, 0, 1);
const issues = (input: unknown) => {
  try {
    parseRequest(input, config, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestError);
    return (error as RequestError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a RequestError');
};

describe('parseRequest', () => {
  it.each([
    [{ action: 'status' }, { action: 'status' }],
    [
      { action: 'failover', record: 'app.example.com' },
      { action: 'manual', manual: { action: 'failover', record: 'app.example.com/A' } },
    ],
    [
      { action: 'failback', record: 'APP.example.com./A', dryRun: true },
      { action: 'manual', dryRun: true, manual: { action: 'failback', record: 'app.example.com/A' } },
    ],
    [
      { action: 'pin', record: 'app.example.com', pool: 'secondary', until: '30m' },
      {
        action: 'manual',
        manual: { action: 'pin', record: 'app.example.com/A', pool: 'secondary', until: NOW + 1_800_000 },
      },
    ],
    [
      { action: 'pin', record: 'app.example.com', pool: 'secondary', until: '2026-01-02T00:00:00Z' },
      {
        action: 'manual',
        manual: { action: 'pin', record: 'app.example.com/A', pool: 'secondary', until: NOW + 86_400_000 },
      },
    ],
    // Left out is "not specified", so the config's safety.dryRun decides; false is kept as asked.
    [{ action: 'run' }, { action: 'run' }],
    [
      { action: 'run', dryRun: false },
      { action: 'run', dryRun: false },
    ],
  ])('accepts %j', (input, expected) => {
    expect(parseRequest(input, config, NOW)).toEqual(expected);
  });

  it.each<[unknown, string[]]>([
    [
      { action: 'explode' },
      ['action: must be one of failover, failback, pin, unpin, status, plan, history, run'],
    ],
    [{}, ['action: must be one of failover, failback, pin, unpin, status, plan, history, run']],
    [{ action: 'failover' }, ['record: Invalid input: expected string, received undefined']],
    [{ action: 'failover', record: 'app.example.com', colour: 'red' }, ['colour: unknown field']],
    [
      { action: 'pin', record: 'app.example.com', pool: 'secondary', until: 'tomorrow' },
      ['until: "tomorrow" is neither an ISO 8601 time nor a duration'],
    ],
    [
      { action: 'pin', record: 'app.example.com', pool: 'secondary', until: '2020-01-01T00:00:00Z' },
      ['until: must be in the future'],
    ],
    [
      { action: 'failover', record: 'nope.example.com' },
      ['record: "nope.example.com" is not a managed record (app.example.com/A)'],
    ],
    [
      { action: 'failover', record: 'app.example.com', force: 'yes' },
      ['force: Invalid input: expected boolean, received string'],
    ],
  ])('rejects %j naming the field', (input, expected) => {
    expect(issues(input)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['a duration past the last representable date', '99999999999999d'],
    ['an ISO time past the last representable date', '+275760-09-13T00:00:00.001Z'],
  ])('refuses a pin until %s, naming until', (_, until) => {
    const found = issues({ action: 'pin', record: 'app.example.com', pool: 'secondary', until });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^until: /);
  });

  it('refuses a key with a second "/" instead of reading its first two parts', () => {
    expect(issues({ action: 'failover', record: 'app.example.com/A/B' })).toEqual([
      'record: "app.example.com/A/B" is neither a name nor a key (name/TYPE): it has more than one "/"',
    ]);
  });

  it('refuses a 5 MB record name without echoing it', () => {
    const huge = 'a'.repeat(5 * 1024 * 1024);
    const found = issues({ action: 'failover', record: huge });
    expect(found).toEqual(['record: is longer than 270 characters']);
  });

  it('caps every echoed input: unknown field names and unparsable times', () => {
    const name = 'x'.repeat(100_000);
    for (const found of [
      issues({ action: 'status', [name]: 1 }),
      issues({ action: 'pin', record: 'app.example.com', pool: 'secondary', until: `${'9'.repeat(60)}x` }),
      issues({ action: 'failover', record: `${'b'.repeat(250)}.com` }),
    ]) {
      expect(found).toHaveLength(1);
      expect(found[0]!.length).toBeLessThan(300);
    }
  });
});
