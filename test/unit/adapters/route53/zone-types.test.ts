import { afterAll, describe, expect, it } from 'vitest';
import { fromAws, readOnlyReason, toAws } from '../../../../functions/adapters/route53/codec';
import { Route53DnsProvider } from '../../../../functions/adapters/route53/provider';
import type { Change, RecordSet } from '../../../../functions/core/types';
import { fakeRoute53 } from '../../../helpers/aws-fakes';

describe('route53 alias record sets', () => {
  it.each([
    [false, 'ALIAS dualstack.lb.example.net (zone Z35SXDOTRQ7X7K)'],
    [true, 'ALIAS dualstack.lb.example.net (zone Z35SXDOTRQ7X7K, evaluate health)'],
  ])('read with EvaluateTargetHealth %s, written back as an AliasTarget without a TTL', (evaluate, value) => {
    const aws = {
      Name: 'example.com.',
      Type: 'A' as const,
      AliasTarget: {
        DNSName: 'dualstack.lb.example.net.',
        HostedZoneId: 'Z35SXDOTRQ7X7K',
        EvaluateTargetHealth: evaluate,
      },
    };
    const set = fromAws(aws);
    expect(set).toEqual({ name: 'example.com', type: 'A', ttl: 0, values: [value] });
    expect(toAws(set)).toEqual(aws);
    expect(readOnlyReason(set)).toContain('is an alias record set');
  });
});

describe('Route53DnsProvider with every zone type, on the stateful fake', () => {
  const fake = fakeRoute53();
  afterAll(() => fake.mock.restore());
  const set = (name: string, type: string, values: string[], ttl = 300): RecordSet => ({
    name,
    type,
    ttl,
    values,
  });
  const sets = [
    set('example.com', 'MX', ['10 mail.example.com', '20 mx.example.net']),
    set('_sip._tcp.example.com', 'SRV', ['10 5 5060 sip.example.com']),
    set('example.com', 'CAA', ['0 issue "letsencrypt.org"']),
    set('sub.example.com', 'NS', ['ns1.example.net']),
    set('1.2.0.192.in-addr.example.com', 'PTR', ['host.example.com']),
    set('example.com', 'TXT', ['v=spf1 -all', 'caf\u00e9 "quoted"']),
    set('lb.example.com', 'A', ['ALIAS dualstack.lb.example.net (zone Z35SXDOTRQ7X7K, evaluate health)'], 0),
  ];

  it('creates them, an alias included, and reads back exactly what it wrote', async () => {
    const provider = new Route53DnsProvider({ api: fake.api });
    expect(provider.capabilities).toMatchObject({
      alias: true,
      types: expect.arrayContaining(['MX', 'SRV', 'CAA', 'PTR']),
    });
    await provider.apply(
      { id: 'Z1' },
      sets.map(
        (next): Change => ({ kind: 'create', role: 'record', record: `${next.name}/${next.type}`, next }),
      ),
    );
    const byKey = (a: RecordSet, b: RecordSet) => `${a.name}/${a.type}`.localeCompare(`${b.name}/${b.type}`);
    expect((await provider.read({ id: 'Z1' })).sort(byKey)).toEqual(
      sets.map((s) => ({ ...s, values: [...s.values].sort() })).sort(byKey),
    );
    expect(fake.zone.get('lb.example.com.|A')).toMatchObject({
      AliasTarget: { DNSName: 'dualstack.lb.example.net.' },
    });
    expect(fake.zone.get('lb.example.com.|A')).not.toHaveProperty('TTL');
  });
});
