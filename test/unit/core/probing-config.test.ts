import { describe, expect, it } from 'vitest';
import { parseConfig, validateConfig } from '../../../functions/core/config/validate';
import { configWithChecks as doc } from '../adapters/probes/support/check';

function issuesOf(check: unknown): string[] {
  const result = validateConfig(doc({ c: check }));
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('check definitions', () => {
  it.each([
    [
      'an http check',
      { http: { url: 'https://app.example.com/health', json: [{ path: '$.ok', equals: true }] } },
    ],
    [
      'an http check probing one address',
      { http: { url: 'https://app.example.com/', address: '192.0.2.44' } },
    ],
    ['a dns check on defaults', { dns: { name: 'app.example.com' } }],
    [
      'a dns check with every option',
      {
        dns: {
          name: 'app.example.com',
          type: 'AAAA',
          resolvers: [
            'https://dns.google/dns-query',
            'udp://9.9.9.9',
            'tcp://[2620:fe::fe]:53',
            '1.1.1.1:5353',
          ],
          expect: ['2001:db8::1'],
          maxLatency: '500ms',
          require: 'all',
        },
      },
    ],
    ['a tcp check', { tcp: { host: 'db.example.com', port: 5432 } }],
    [
      'a tls check',
      { tls: { host: 'app.example.com', warnDays: 30, failDays: 10, issuer: "Let's Encrypt" } },
    ],
    ['an openid check', { openid: { url: 'https://login.example.com/.well-known/openid-configuration' } }],
    ['an sts check', { sts: { region: 'eu-west-1', account: '123456789012' }, planes: ['aws'] }],
  ])('accepts %s', (_name, check) => {
    expect(issuesOf(check)).toEqual([]);
  });

  it.each([
    [
      'an unknown http key',
      { http: { url: 'https://a.example.com', colour: 'red' } },
      'checks.c.http.colour: unknown key',
    ],
    [
      'an unknown dns key',
      { dns: { name: 'a.example.com', server: '1.1.1.1' } },
      'checks.c.dns.server: unknown key',
    ],
    [
      'two types',
      { http: { url: 'https://a.example.com' }, tcp: { host: 'a', port: 1 } },
      'checks.c: give exactly one check type (http, dns, tcp, tls, openid, sts), found 2',
    ],
    [
      'a non-http URL',
      { http: { url: 'ftp://a.example.com/' } },
      'checks.c.http.url: "ftp://a.example.com/" must use http: or https:',
    ],
    [
      'an address that is no IP',
      { http: { url: 'https://a.example.com', address: 'origin' } },
      'checks.c.http.address: "origin" is not an IP address',
    ],
    [
      'an address for a bare IP URL',
      { http: { url: 'https://192.0.2.1/', address: '192.0.2.2' } },
      'checks.c.http.address: needs a URL with a host name to send as Host and SNI',
    ],
    [
      'a body on GET',
      { http: { url: 'https://a.example.com', body: '{}' } },
      'checks.c.http.body: needs method POST, not GET',
    ],
    [
      'body checks on HEAD',
      { http: { url: 'https://a.example.com', method: 'HEAD', bodyContains: 'ok' } },
      'checks.c.http.bodyContains: a HEAD answer carries no body',
    ],
    [
      'a broken regex',
      { http: { url: 'https://a.example.com', bodyMatches: '(' } },
      'checks.c.http.bodyMatches: is not a regular expression: Invalid regular expression: /(/: Unterminated group',
    ],
    [
      'a bad JSON path',
      { http: { url: 'https://a.example.com', json: [{ path: '$..x', exists: true }] } },
      'checks.c.http.json[0].path: "$..x" is not a JSON path like $.status or $.items[0].name',
    ],
    [
      'a JSON assertion with neither',
      { http: { url: 'https://a.example.com', json: [{ path: '$.x' }] } },
      'checks.c.http.json[0]: give exactly one of equals or exists',
    ],
    [
      'a JSON assertion with an object',
      { http: { url: 'https://a.example.com', json: [{ path: '$.x', equals: { a: 1 } }] } },
      'checks.c.http.json[0].equals: does not match any allowed form',
    ],
    [
      'a status out of range',
      { http: { url: 'https://a.example.com', expectStatus: [700] } },
      'checks.c.http.expectStatus[0]: Too big: expected number to be <=599',
    ],
    [
      'maxLatency at the timeout',
      { http: { url: 'https://a.example.com', maxLatency: '5s' } },
      'checks.c.http.maxLatency: must be shorter than the timeout (5s)',
    ],
    [
      'an unknown redirect policy',
      { http: { url: 'https://a.example.com', redirect: 'always' } },
      'checks.c.http.redirect: Invalid option: expected one of "manual"|"follow"|"error"',
    ],
    [
      'a DNS name that is none',
      { dns: { name: 'not a name' } },
      'checks.c.dns.name: "not a name" is not a DNS name',
    ],
    [
      'a resolver by name over UDP',
      { dns: { name: 'a.example.com', resolvers: ['udp://dns.google'] } },
      'checks.c.dns.resolvers[0]: "udp://dns.google" must give the resolver as an IP address (a name would need a resolver of its own)',
    ],
    [
      'a resolver port out of range',
      { dns: { name: 'a.example.com', resolvers: ['1.1.1.1:70000'] } },
      'checks.c.dns.resolvers[0]: "1.1.1.1:70000" has a port out of range',
    ],
    [
      'an A answer that is IPv6',
      { dns: { name: 'a.example.com', expect: ['2001:db8::1'] } },
      'checks.c.dns.expect[0]: "2001:db8::1" is not an IPv4 address',
    ],
    [
      'an answer with NXDOMAIN',
      { dns: { name: 'a.example.com', expect: ['192.0.2.1'], rcode: 'NXDOMAIN' } },
      'checks.c.dns.expect: an answer cannot be expected with rcode NXDOMAIN',
    ],
    [
      'an unknown record type',
      { dns: { name: 'a.example.com', type: 'SRV' } },
      'checks.c.dns.type: Invalid option: expected one of "A"|"AAAA"|"CNAME"|"TXT"|"MX"|"NS"',
    ],
    [
      'a tcp port of 0',
      { tcp: { host: 'db.example.com', port: 0 } },
      'checks.c.tcp.port: Too small: expected number to be >=1',
    ],
    [
      'a tcp host with spaces',
      { tcp: { host: 'db example', port: 5432 } },
      'checks.c.tcp.host: "db example" is not a host name or IP address',
    ],
    [
      'failDays above warnDays',
      { tls: { host: 'a.example.com', warnDays: 5, failDays: 10 } },
      'checks.c.tls.failDays: must not exceed warnDays (5)',
    ],
    [
      'a tls address that is no IP',
      { tls: { host: 'a.example.com', address: 'origin' } },
      'checks.c.tls.address: "origin" is not an IP address',
    ],
    ['an openid URL that is none', { openid: { url: 'login' } }, 'checks.c.openid.url: "login" is not a URL'],
    [
      'an sts region that is none',
      { sts: { region: 'moon-1' } },
      'checks.c.sts.region: "moon-1" is not an AWS region like us-east-1',
    ],
    [
      'an sts account that is none',
      { sts: { account: '12' } },
      'checks.c.sts.account: must be a 12 digit AWS account id',
    ],
    [
      'an unknown plane',
      { tcp: { host: 'a', port: 1 }, planes: ['gcp'] },
      'checks.c.planes[0]: Invalid option: expected one of "aws"|"cloudflare"|"local"',
    ],
    [
      'a plane listed twice',
      { tcp: { host: 'a', port: 1 }, planes: ['aws', 'aws'] },
      'checks.c.planes[1]: is listed twice',
    ],
  ])('rejects %s, naming the field', (_name, check, expected) => {
    expect(issuesOf(check)).toContain(expected);
  });

  it('normalises a dns check with the default DNS-over-HTTPS resolvers of 1.1.1.1, 8.8.8.8 and 9.9.9.9', () => {
    const config = parseConfig(doc({ c: { dns: { name: 'App.Example.com.' } } }));
    expect(config.checks.c!.probe).toEqual({
      type: 'dns',
      name: 'app.example.com',
      recordType: 'A',
      resolvers: [
        { kind: 'doh', url: 'https://cloudflare-dns.com/dns-query', label: 'cloudflare-dns.com' },
        { kind: 'doh', url: 'https://dns.google/dns-query', label: 'dns.google' },
        { kind: 'doh', url: 'https://dns.quad9.net/dns-query', label: 'dns.quad9.net' },
      ],
      expect: [],
      rcode: 'NOERROR',
      require: 'majority',
    });
    expect(config.checks.c!.planes).toEqual(['aws', 'cloudflare', 'local']);
  });

  it('normalises an http check with its defaults', () => {
    const config = parseConfig(doc({ c: { http: { url: 'https://a.example.com/', maxLatency: '800ms' } } }));
    expect(config.checks.c!.probe).toEqual({
      type: 'http',
      url: 'https://a.example.com/',
      method: 'GET',
      headers: {},
      expectStatus: [],
      json: [],
      maxLatencyMs: 800,
      redirect: 'manual',
    });
  });
});
