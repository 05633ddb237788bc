import { describe, expect, it } from 'vitest';
import { duration } from '../../../functions/core/config/primitives';
import { BIND_TTL, CONFIG_DURATION, parseDuration } from '../../../functions/core/duration';
import { parseTtl } from '../../../functions/zone/bind-parse';

const SAMPLES = ['30s', '1h30m', '250ms', '1.5s', '1W', '300', '5', 'soon', '1x', 'h', '2d', '1m30', ' 5m '];

describe('one duration parser, two dialects', () => {
  it.each([
    ['300', 300_000],
    ['1h30m', 5_400_000],
    ['1W', 604_800_000],
    ['2d', 172_800_000],
    ['1.5h', undefined],
    ['1x', undefined],
  ])('reads the BIND TTL %s as %s ms', (text, ms) => {
    expect(parseDuration(text, BIND_TTL)).toBe(ms);
  });

  it('reads a zone file TTL with the same parser as a config duration', () => {
    for (const text of SAMPLES) {
      const ms = parseDuration(text, BIND_TTL);
      expect(parseTtl(text)).toBe(ms === undefined ? undefined : ms / 1_000);
    }
  });

  it('the config schema accepts exactly the durations the parser reads', () => {
    for (const text of SAMPLES) {
      const parsed = parseDuration(text, CONFIG_DURATION);
      expect(duration.safeParse(text.trim()).success, text).toBe(parsed !== undefined);
    }
  });
});
