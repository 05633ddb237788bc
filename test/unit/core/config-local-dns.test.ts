/** providers.local.dns: NS names and zone transfers, validated naming the field. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../functions/adapters/config-file';

const example = readFileSync(new URL('../../../examples/twinplane.yaml', import.meta.url), 'utf8');
const withDns = (dns: string) =>
  example.replace(
    'route53: { hostedZoneId: Z0123456789ABC }',
    `route53: { hostedZoneId: Z0123456789ABC }\n  local: { zone: example.com, dns: ${dns} }`,
  );

describe('providers.local.dns', () => {
  it('normalises NS names, transfer clients, the TSIG key and NOTIFY targets', () => {
    const result = parseConfigText(
      withDns(
        '{ nameservers: [NS1.Example.com.], transfer: { allow: [127.0.0.1, "::1"], ' +
          'tsig: { name: xfr-key, secret: { secret: TSIG_KEY } }, notify: ["127.0.0.1:5301", "[::1]:53", 192.0.2.53] } }',
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.providers.local!.dns).toEqual({
      nameservers: ['ns1.example.com'],
      transfer: {
        allow: ['127.0.0.1', '::1'],
        tsig: { name: 'xfr-key', secret: { secret: 'TSIG_KEY' } },
        notify: [
          { host: '127.0.0.1', port: 5301 },
          { host: '::1', port: 53 },
          { host: '192.0.2.53', port: 53 },
        ],
      },
    });
  });

  it.each([
    ['{ listen: 127.0.0.1 }', 'providers.local.dns.listen: unknown key'],
    ['{ nameservers: ["bad name"] }', 'providers.local.dns.nameservers[0]: must be a host name'],
    [
      '{ transfer: { allow: [] } }',
      'providers.local.dns.transfer.allow: Too small: expected array to have >=1 items',
    ],
    [
      '{ transfer: { allow: [10.0.0.0/8] } }',
      'providers.local.dns.transfer.allow[0]: must be an IPv4 or IPv6 address',
    ],
    [
      '{ transfer: { allow: [127.0.0.1], notify: ["127.0.0.1:99999"] } }',
      'providers.local.dns.transfer.notify[0]: must be IP[:port] or [IPv6]:port',
    ],
    [
      '{ transfer: { allow: [127.0.0.1], tsig: { name: k, algorithm: hmac-md5, secret: { secret: K } } } }',
      'providers.local.dns.transfer.tsig.algorithm: Invalid input: expected "hmac-sha256"',
    ],
    ['{ zone: x }', 'providers.local.dns.zone: unknown key'],
  ])('rejects %s', (dns, expected) => {
    const result = parseConfigText(withDns(dns));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.path}: ${i.message}`)).toContain(expected);
  });
});
