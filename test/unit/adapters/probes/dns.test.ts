import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalIPv6, decodeMessage, encodeQuery } from '../../../../functions/adapters/probes/dns-wire';
import { createFetchProber } from '../../../../functions/adapters/probes/fetch';
import { createNodeProber } from '../../../../functions/adapters/probes/node';
import { checkOf, within } from './support/check';
import { type DnsServers, startDnsServers } from './support/dns-server';
import { refusedPort } from './support/servers';

let dns: DnsServers;
let udp: string;
let tcp: string;
let silentUdp: string;

beforeAll(async () => {
  dns = await startDnsServers();
  udp = `udp://127.0.0.1:${dns.port}`;
  tcp = `tcp://127.0.0.1:${dns.port}`;
  silentUdp = `udp://127.0.0.1:${await refusedPort()}`;
});
afterAll(() => dns.close());

const stable = (reason: string) =>
  reason.replace(/\b(in|after|within) \d+ ms/g, '$1 N ms').replace(/127\.0\.0\.1:\d+/g, 'RESOLVER');

describe('DNS probe', () => {
  const node = createNodeProber();

  it.each([
    [
      'an answer',
      { name: 'ok.example.test' },
      'ok',
      'ok.example.test A = 192.0.2.1, 192.0.2.2 from RESOLVER in N ms',
    ],
    [
      'an expected answer',
      { name: 'ok.example.test', expect: ['192.0.2.2'] },
      'ok',
      'ok.example.test A = 192.0.2.1, 192.0.2.2 from RESOLVER in N ms',
    ],
    [
      'a wrong answer',
      { name: 'ok.example.test', expect: ['192.0.2.9'] },
      'dns',
      'ok.example.test A is 192.0.2.1, 192.0.2.2 from RESOLVER, expected 192.0.2.9',
    ],
    [
      'SERVFAIL',
      { name: 'servfail.example.test' },
      'dns',
      'SERVFAIL from RESOLVER for servfail.example.test A in N ms, expected NOERROR',
    ],
    [
      'NXDOMAIN',
      { name: 'nxdomain.example.test' },
      'dns',
      'NXDOMAIN from RESOLVER for nxdomain.example.test A in N ms, expected NOERROR',
    ],
    [
      'REFUSED',
      { name: 'refused.example.test' },
      'dns',
      'REFUSED from RESOLVER for refused.example.test A in N ms, expected NOERROR',
    ],
    [
      'an NXDOMAIN that is wanted',
      { name: 'nxdomain.example.test', rcode: 'NXDOMAIN' },
      'ok',
      'nxdomain.example.test A = NXDOMAIN from RESOLVER in N ms',
    ],
    [
      'an empty answer',
      { name: 'empty.example.test' },
      'dns',
      'no A answer from RESOLVER for empty.example.test (NOERROR) in N ms',
    ],
    [
      'a resolver that never answers',
      { name: 'slow.example.test' },
      'timeout',
      'no answer from RESOLVER within N ms',
    ],
    [
      'a truncated answer, retried over TCP',
      { name: 'big.example.test' },
      'ok',
      'big.example.test A = 192.0.2.1, 192.0.2.2 from RESOLVER in N ms',
    ],
    [
      'a CNAME',
      { name: 'alias.example.test', type: 'CNAME', expect: ['OK.example.test.'] },
      'ok',
      'alias.example.test CNAME = ok.example.test from RESOLVER in N ms',
    ],
    [
      'an A behind a CNAME',
      { name: 'alias.example.test', expect: ['192.0.2.1'] },
      'ok',
      'alias.example.test A = 192.0.2.1 from RESOLVER in N ms',
    ],
    [
      'an AAAA written another way',
      { name: 'ok.example.test', type: 'AAAA', expect: ['2001:DB8:0:0::1'] },
      'ok',
      'ok.example.test AAAA = 2001:db8::1 from RESOLVER in N ms',
    ],
    [
      'a TXT',
      { name: 'txt.example.test', type: 'TXT', expect: ['v=spf1 -all'] },
      'ok',
      'txt.example.test TXT = v=spf1 -all from RESOLVER in N ms',
    ],
    [
      'an MX',
      { name: 'mx.example.test', type: 'MX', expect: ['10 mail.example.test'] },
      'ok',
      'mx.example.test MX = 10 mail.example.test from RESOLVER in N ms',
    ],
  ])('classifies %s over UDP, TCP and DNS-over-HTTPS', async (_name, spec, cls, reason) => {
    for (const resolver of [udp, tcp, dns.doh]) {
      const check = checkOf({ dns: { ...spec, resolvers: [resolver] }, timeout: '500ms' });
      const result = await node.probe(check, within());
      expect({ resolver, class: result.class, reason: stable(result.reason) }).toEqual({
        resolver,
        class: cls,
        reason,
      });
    }
  });

  it('reports a DNS-over-HTTPS endpoint that answers 500 as status', async () => {
    const check = checkOf({
      dns: { name: 'ok.example.test', resolvers: [dns.doh.replace('dns-query', 'status-500')] },
    });
    const result = await node.probe(check, within());
    expect([result.class, stable(result.reason)]).toEqual([
      'status',
      'status 500 from RESOLVER in N ms, expected 200',
    ]);
  });

  it('reports a UDP port nobody serves as connect', async () => {
    const result = await node.probe(
      checkOf({ dns: { name: 'ok.example.test', resolvers: [silentUdp] } }),
      within(),
    );
    expect([result.class, stable(result.reason)]).toEqual([
      'connect',
      'connection refused (ECONNREFUSED) by RESOLVER after N ms',
    ]);
  });

  it.each([
    ['majority', 'ok', true],
    ['all', 'connect', false],
    ['any', 'ok', true],
  ])('with require %s and one resolver of three down, says %s', async (require, cls, ok) => {
    const check = checkOf({
      dns: { name: 'ok.example.test', resolvers: [udp, silentUdp, dns.doh], require },
    });
    const result = await node.probe(check, within());
    expect([result.ok, result.class]).toEqual([ok, cls]);
    expect(stable(result.reason)).toContain('connection refused (ECONNREFUSED) by RESOLVER');
  });

  it('fails when most resolvers fail, naming each', async () => {
    const check = checkOf({ dns: { name: 'servfail.example.test', resolvers: [udp, tcp, silentUdp] } });
    const result = await node.probe(check, within());
    expect([result.class, stable(result.reason)]).toEqual([
      'dns',
      '3 of 3 resolvers failed for servfail.example.test A: SERVFAIL from RESOLVER for servfail.example.test A in N ms, expected NOERROR; SERVFAIL from RESOLVER for servfail.example.test A in N ms, expected NOERROR; connection refused (ECONNREFUSED) by RESOLVER after N ms',
    ]);
  });

  it('runs DNS-over-HTTPS on the fetch prober and refuses plain DNS there', async () => {
    const web = createFetchProber();
    const doh = await web.probe(
      checkOf({ dns: { name: 'ok.example.test', resolvers: [dns.doh] } }),
      within(),
    );
    expect(doh).toMatchObject({ ok: true, class: 'ok' });
    const plain = await web.probe(checkOf({ dns: { name: 'ok.example.test', resolvers: [udp] } }), within());
    expect([plain.ok, plain.class, stable(plain.reason)]).toEqual([
      false,
      'unsupported',
      'plain DNS over udp to RESOLVER needs the Node prober',
    ]);
  });
});

describe('DNS wire format', () => {
  it('encodes a query dns-packet reads back', () => {
    const decoded = dnsPacket.decode(Buffer.from(encodeQuery('App.Example.com.', 'AAAA', 4242)));
    expect(decoded).toMatchObject({
      id: 4242,
      questions: [{ name: 'App.Example.com', type: 'AAAA', class: 'IN' }],
    });
    expect(decoded.flags! & dnsPacket.RECURSION_DESIRED).toBeTruthy();
  });

  it.each([
    ['A', { type: 'A', data: '192.0.2.7' }, '192.0.2.7'],
    ['AAAA', { type: 'AAAA', data: '2001:db8:0:0:1:0:0:1' }, '2001:db8::1:0:0:1'],
    ['CNAME', { type: 'CNAME', data: 'Target.example.com' }, 'target.example.com'],
    ['NS', { type: 'NS', data: 'ns1.example.com' }, 'ns1.example.com'],
    ['MX', { type: 'MX', data: { preference: 5, exchange: 'mx.example.com' } }, '5 mx.example.com'],
    ['TXT', { type: 'TXT', data: ['part one ', 'part two'] }, 'part one part two'],
  ] as const)('decodes %s answers', (_type, answer, data) => {
    const bytes = dnsPacket.encode({
      id: 7,
      type: 'response',
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ name: 'x.example.com', type: answer.type, class: 'IN' }],
      answers: [{ name: 'x.example.com', ttl: 60, class: 'IN', ...answer } as dnsPacket.Answer],
    });
    expect(decodeMessage(new Uint8Array(bytes))).toEqual({
      id: 7,
      truncated: false,
      rcode: 'NOERROR',
      answers: [{ name: 'x.example.com', type: answer.type, data }],
    });
  });

  it.each([
    ['a query, not a response', new Uint8Array(encodeQuery('x.example.com', 'A', 1)), 'not a response'],
    ['a short message', new Uint8Array(5), 'message of 5 bytes is too short'],
  ])('rejects %s', (_name, bytes, message) => {
    expect(() => decodeMessage(bytes)).toThrow(message);
  });

  it.each([
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['2001:db8:0:1:0:0:0:0', '2001:db8:0:1::'],
    ['0:0:0:0:0:0:0:0', '::'],
  ])('writes %s as %s', (text, canonical) => {
    expect(canonicalIPv6(text)).toBe(canonical);
  });
});
