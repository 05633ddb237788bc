import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { answer } from '../../../../functions/adapters/local/dns/zone-answer';
import type { RecordSet } from '../../../../functions/core/types';

const sets: RecordSet[] = [
  { name: 'example.com', type: 'MX', ttl: 300, values: ['10 mail.example.com'] },
  { name: '_sip._tcp.example.com', type: 'SRV', ttl: 300, values: ['10 5 5060 sip.example.com'] },
  { name: 'example.com', type: 'CAA', ttl: 300, values: ['0 issue "letsencrypt.org"'] },
  { name: '1.2.0.192.in-addr.example.com', type: 'PTR', ttl: 300, values: ['host.example.com'] },
];

describe('the local zone answers the types zone import writes', () => {
  it.each([
    ['example.com', 'MX', { preference: 10, exchange: 'mail.example.com' }],
    ['_sip._tcp.example.com', 'SRV', { priority: 10, weight: 5, port: 5060, target: 'sip.example.com' }],
    ['example.com', 'CAA', { flags: 0, tag: 'issue', value: 'letsencrypt.org' }],
    ['1.2.0.192.in-addr.example.com', 'PTR', 'host.example.com'],
  ] as const)('%s %s, on the wire', (name, type, data) => {
    const view = { apex: 'example.com', records: sets, serial: 1, nameservers: [], address: '127.0.0.1' };
    const result = answer(view, { name, type, class: 'IN' });
    const wire = dnsPacket.encode({ type: 'response', id: 1, answers: result.answers });
    expect(dnsPacket.decode(wire).answers?.[0]).toMatchObject({ name, type, data });
  });
});

describe('the default apex NS address', () => {
  const view = (address: string) => ({
    apex: 'example.com',
    records: sets,
    serial: 1,
    nameservers: [],
    address,
  });

  it('is the listen address', () => {
    expect(answer(view('192.0.2.1'), { name: 'ns.example.com', type: 'A', class: 'IN' }).answers).toEqual([
      expect.objectContaining({ data: '192.0.2.1' }),
    ]);
  });

  it('is not published for a wildcard listen address, which nobody can reach', () => {
    for (const address of ['0.0.0.0', '::']) {
      const result = answer(view(address), { name: 'ns.example.com', type: 'A', class: 'IN' });
      expect(result).toMatchObject({ rcode: 3, answers: [] });
    }
  });
});
