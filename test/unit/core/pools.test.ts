import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config/validate';
import { poolsOf } from '../../../functions/core/evaluate';
import { type AggregatedCheck, poolHealth } from '../../../functions/core/health';

const check = (url: string) => ({ http: { url }, interval: '30s', timeout: '5s' });
const record = (name: string, pools: [string, string[]][]) => ({
  name,
  type: 'A',
  providers: ['route53'],
  pools: pools.map(([pool, checks], i) => ({ name: pool, values: [`192.0.2.${i + 1}`], checks })),
});
const config = parseConfig({
  owner: 'test',
  planes: { leader: 'aws' },
  providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
  checks: {
    a: check('http://a.example.test/'),
    b: check('http://b.example.test/'),
    c: check('http://c.example.test/'),
  },
  records: [
    record('one.example.com', [
      ['primary', ['a']],
      ['secondary', ['b']],
    ]),
    record('two.example.com', [
      ['primary', ['a']],
      ['secondary', ['b']],
    ]),
    // The same checks under other pool names, or in another order: a shape of its own.
    record('three.example.com', [
      ['main', ['a']],
      ['backup', ['b']],
    ]),
    record('four.example.com', [
      ['primary', ['b']],
      ['secondary', ['a']],
    ]),
    // A pool of two checks: worked out for the record alone.
    record('five.example.com', [
      ['primary', ['a', 'c']],
      ['secondary', ['b']],
    ]),
    record('six.example.com', [
      ['primary', ['a', 'c']],
      ['secondary', ['b']],
    ]),
  ],
});
const checks: Record<string, AggregatedCheck> = {
  a: { status: 'healthy', since: 10, failing: [], dissent: [] },
  b: { status: 'unhealthy', since: 20, failing: [{ check: 'b', reason: 'down', at: 20 }], dissent: [] },
  c: { status: 'unknown', since: 30, failing: [], dissent: [] },
} as unknown as Record<string, AggregatedCheck>;

describe('poolsOf', () => {
  const pools = poolsOf(config, checks, 100);
  const of = (name: string) => pools.get(config.records.find((r) => r.name === name)!.key)!;

  it('gives every pool of every record the health poolHealth gives it', () => {
    for (const r of config.records)
      expect(pools.get(r.key)).toEqual(
        Object.fromEntries(r.pools.map((p) => [p.name, poolHealth(p, checks, 100)])),
      );
  });

  it('shares one frozen object between records whose pools are the same names over the same single checks', () => {
    expect(of('two.example.com')).toBe(of('one.example.com'));
    expect(Object.isFrozen(of('one.example.com'))).toBe(true);
    expect(() => {
      (of('one.example.com') as Record<string, unknown>).primary = undefined;
    }).toThrow(TypeError);
    expect(of('three.example.com')).not.toBe(of('one.example.com'));
    expect(of('four.example.com')).not.toBe(of('one.example.com'));
    expect(of('four.example.com').primary?.status).toBe('unhealthy');
    expect(of('six.example.com')).not.toBe(of('five.example.com'));
  });
});
