import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config/validate';
import { canonicalIPv6, isIPv4, isIPv6 } from '../../../functions/core/names';

describe('addresses', () => {
  it.each([
    ['2001:DB8:0::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:1:1:1:1:0:1', '2001:db8:1:1:1:1:0:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
  ])('canonical form of %s is %s', (input, expected) => {
    expect(canonicalIPv6(input)).toBe(expected);
  });

  it.each([
    ['192.0.2.1', true, false],
    ['192.0.2.300', false, false],
    ['01.2.3.4', false, false],
    ['2001:db8::1', false, true],
    ['2001:db8::1::2', false, false],
    ['2001:db8:0:0:0:0:0:0:1', false, false],
  ])('%s: IPv4 %s, IPv6 %s', (value, v4, v6) => {
    expect([isIPv4(value), isIPv6(value)]).toEqual([v4, v6]);
  });

  it('stores AAAA values in the form providers read back, so a tick never rewrites them', () => {
    const config = parseConfig({
      providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
      checks: { c: { http: { url: 'https://o.example.com/' } } },
      records: [
        {
          name: 'v6.example.com',
          type: 'AAAA',
          providers: ['route53'],
          pools: [
            { name: 'a', values: ['2001:DB8:0::1'], checks: ['c'] },
            { name: 'b', values: ['2001:db8::2'], checks: ['c'] },
          ],
        },
      ],
    });
    expect(config.records[0]!.pools[0]!.values).toEqual(['2001:db8::1']);
  });
});
