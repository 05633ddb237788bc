import { describe, expect, it } from 'vitest';
import {
  decodeName,
  decodeTxt,
  encodeTxt,
  fromAws,
  readOnlyReason,
  toAws,
} from '../../../../functions/adapters/route53/codec';

describe('route53 codec', () => {
  it.each([
    ['App.Example.COM.', 'app.example.com'],
    ['\\052.example.com.', '*.example.com'],
    ['_twinplane-a.app.example.com', '_twinplane-a.app.example.com'],
  ])('normalises the name %s', (raw, expected) => {
    expect(decodeName(raw)).toBe(expected);
  });

  it.each([
    ['"heritage=twinplane,owner=a"', 'heritage=twinplane,owner=a'],
    ['"abc" "def"', 'abcdef'],
    ['"say \\"hi\\" \\\\ bye"', 'say "hi" \\ bye'],
    ['"caf\\303\\251"', 'caf\u00e9'],
    ['unquoted', 'unquoted'],
  ])('unquotes the TXT value %s', (raw, expected) => {
    expect(decodeTxt(raw)).toBe(expected);
  });

  it('splits long TXT values into 255 character strings and reads them back whole', () => {
    const value = `heritage=twinplane,${'x'.repeat(600)}"\\`;
    const encoded = encodeTxt(value);
    expect(encoded.match(/" "/g)).toHaveLength(2);
    expect(decodeTxt(encoded)).toBe(value);
  });

  it('reads a plain record set with sorted values and writes it back with a trailing dot', () => {
    const set = fromAws({
      Name: 'app.example.com.',
      Type: 'A',
      TTL: 60,
      ResourceRecords: [{ Value: '198.51.100.7' }, { Value: '192.0.2.44' }],
    });
    expect(set).toEqual({
      name: 'app.example.com',
      type: 'A',
      ttl: 60,
      values: ['192.0.2.44', '198.51.100.7'],
    });
    expect(toAws(set)).toEqual({
      Name: 'app.example.com.',
      Type: 'A',
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.44' }, { Value: '198.51.100.7' }],
    });
    expect(readOnlyReason(set)).toBeUndefined();
  });

  it('normalises CNAME targets', () => {
    expect(
      fromAws({
        Name: 'www.example.com.',
        Type: 'CNAME',
        TTL: 300,
        ResourceRecords: [{ Value: 'Origin.Example.NET.' }],
      }).values,
    ).toEqual(['origin.example.net']);
  });

  it.each([
    [
      'an alias',
      {
        Name: 'app.example.com.',
        Type: 'A' as const,
        AliasTarget: {
          DNSName: 'dualstack.lb.amazonaws.com.',
          HostedZoneId: 'Z35SXDOTRQ7X7K',
          EvaluateTargetHealth: false,
        },
      },
      ['ALIAS dualstack.lb.amazonaws.com (zone Z35SXDOTRQ7X7K)'],
      'is an alias record set',
    ],
    [
      'a weighted set',
      {
        Name: 'app.example.com.',
        Type: 'A' as const,
        SetIdentifier: 'blue',
        Weight: 10,
        TTL: 60,
        ResourceRecords: [{ Value: '192.0.2.1' }],
      },
      ['SET-IDENTIFIER blue', '192.0.2.1'],
      'routing-policy record set',
    ],
    [
      'a failover set, with its role and health check',
      {
        Name: 'app.example.com.',
        Type: 'A' as const,
        SetIdentifier: 'twinplane-primary',
        Failover: 'PRIMARY' as const,
        HealthCheckId: 'hc-1',
        TTL: 60,
        ResourceRecords: [{ Value: '192.0.2.1' }],
      },
      ['SET-IDENTIFIER twinplane-primary', 'FAILOVER PRIMARY', 'HEALTH-CHECK hc-1', '192.0.2.1'],
      'routing-policy record set',
    ],
    [
      'a failover alias, keeping its SetIdentifier',
      {
        Name: 'app.example.com.',
        Type: 'A' as const,
        SetIdentifier: 'twinplane-chain1',
        Failover: 'SECONDARY' as const,
        AliasTarget: {
          DNSName: '_twinplane-chain1-a.app.example.com.',
          HostedZoneId: 'Z1',
          EvaluateTargetHealth: true,
        },
      },
      [
        'SET-IDENTIFIER twinplane-chain1',
        'FAILOVER SECONDARY',
        'ALIAS _twinplane-chain1-a.app.example.com (zone Z1, evaluate health)',
      ],
      'is an alias record set',
    ],
  ])('reports %s as read-only', (_, raw, values, reason) => {
    const set = fromAws(raw);
    expect(set.values).toEqual(values);
    expect(readOnlyReason(set)).toContain(reason);
  });
});
