import { describe, expect, it } from 'vitest';
import { canonicalValue, problem } from '../../../functions/zone/canonical';
import { diffZones } from '../../../functions/zone/diff';
import { parseJson, writeJson, ZoneFileError } from '../../../functions/zone/json';
import { sortRecords } from '../../../functions/zone/model';
import { fromRecordSet, inferOrigin, toRecordSet } from '../../../functions/zone/records';
import { everyType, rec } from './fixtures';

describe('canonical values', () => {
  it.each([
    ['AAAA', '2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['AAAA', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['AAAA', '0:0:0:0:0:0:0:0', '::'],
    ['AAAA', '2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    ['AAAA', '1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    ['CNAME', 'Origin.Example.NET.', 'origin.example.net'],
    ['MX', '010  Mail.Example.com.', '10 mail.example.com'],
    ['MX', '0 .', '0 .'],
    ['SRV', '10 05 5060 SIP.example.com.', '10 5 5060 sip.example.com'],
    ['CAA', '0 ISSUE letsencrypt.org', '0 issue "letsencrypt.org"'],
    ['CAA', '0 iodef "mailto:Sec@Example.com"', '0 iodef "mailto:Sec@Example.com"'],
    ['TXT', ' kept as is ', ' kept as is '],
  ])('%s %s reads as %s', (type, value, canonical) => {
    expect(canonicalValue(type, value)).toBe(canonical);
  });

  it.each([
    ['A', '192.0.2.1', undefined],
    ['A', '192.0.2', 'is not an IPv4 address'],
    ['AAAA', '2001:db8::g', 'is not an IPv6 address'],
    ['MX', '10', 'is not "PREFERENCE EXCHANGE"'],
    ['MX', '70000 mail.example.com', 'is not "PREFERENCE EXCHANGE"'],
    ['SRV', '1 2 3', 'is not "PRIORITY WEIGHT PORT TARGET"'],
    ['CAA', '256 issue "x"', 'is not \'FLAGS TAG "VALUE"\''],
    ['PTR', 'not a host!', 'is not a host name'],
    ['HTTPS', 'anything at all', undefined],
  ])('%s %s: %s', (type, value, message) => {
    if (message) expect(problem(type, value)).toContain(message);
    else expect(problem(type, value)).toBeUndefined();
  });
});

describe('provider record sets', () => {
  it.each([
    [
      'an alias with target health',
      { name: 'example.com', type: 'A', ttl: 0, values: ['ALIAS lb.example.net (zone Z1, evaluate health)'] },
      rec('example.com', 'A', [], 0, {
        alias: { target: 'lb.example.net', zoneId: 'Z1', evaluateHealth: true },
      }),
    ],
    [
      'a routing-policy set',
      { name: 'app.example.com', type: 'A', ttl: 60, values: ['SET-IDENTIFIER blue', '192.0.2.1'] },
      rec('app.example.com', 'A', ['192.0.2.1'], 60, { setIdentifier: 'blue' }),
    ],
    [
      'a failover set with its health check',
      {
        name: 'app.example.com',
        type: 'A',
        ttl: 60,
        values: ['SET-IDENTIFIER twinplane-primary', 'FAILOVER PRIMARY', 'HEALTH-CHECK hc-1', '192.0.2.1'],
      },
      rec('app.example.com', 'A', ['192.0.2.1'], 60, {
        setIdentifier: 'twinplane-primary',
        failover: 'PRIMARY',
        healthCheckId: 'hc-1',
      }),
    ],
    [
      'a failover alias (a data-plane chain link)',
      {
        name: 'app.example.com',
        type: 'A',
        ttl: 0,
        values: [
          'SET-IDENTIFIER twinplane-chain1',
          'FAILOVER SECONDARY',
          'ALIAS _twinplane-chain1-a.app.example.com (zone Z1, evaluate health)',
        ],
      },
      rec('app.example.com', 'A', [], 0, {
        setIdentifier: 'twinplane-chain1',
        failover: 'SECONDARY',
        alias: { target: '_twinplane-chain1-a.app.example.com', zoneId: 'Z1', evaluateHealth: true },
      }),
    ],
    [
      'a proxied set; DNS-only is the default and not said',
      { name: 'cdn.example.com', type: 'A', ttl: 1, values: ['192.0.2.1'], proxied: true },
      rec('cdn.example.com', 'A', ['192.0.2.1'], 1, { proxied: true }),
    ],
  ])('%s reads into the zone model and back', (_name, set, record) => {
    expect(fromRecordSet(set)).toEqual(record);
    expect(toRecordSet(record)).toEqual(set);
  });

  it.each([
    ['the configured domain', [], 'example.com', 'example.com'],
    ['the SOA owner', [{ name: 'example.org', type: 'SOA', ttl: 1, values: [] }], undefined, 'example.org'],
    [
      'the name every other sits under',
      [
        { name: 'a.example.net', type: 'A', ttl: 1, values: [] },
        { name: 'example.net', type: 'TXT', ttl: 1, values: [] },
      ],
      undefined,
      'example.net',
    ],
    [
      'nothing when there is no such name',
      [
        { name: 'a.example.net', type: 'A', ttl: 1, values: [] },
        { name: 'b.example.net', type: 'A', ttl: 1, values: [] },
      ],
      undefined,
      undefined,
    ],
  ])('infers the origin from %s', (_name, sets, domain, origin) => {
    expect(inferOrigin(sets, domain)).toBe(origin);
  });
});

describe('JSON backups', () => {
  it('round-trip every type, sorted', () => {
    const zone = parseJson(
      writeJson(everyType, { source: 'route53:Z1', exportedAt: '2026-01-01T00:00:00Z' }),
    );
    expect(zone.origin).toBe('example.com');
    expect(zone.records).toEqual(sortRecords(everyType.records));
  });

  it.each([
    ['not JSON', '{', 'not valid JSON'],
    ['another format', '{"format":"x","version":1,"origin":"a","records":[]}', 'format:'],
    [
      'a bad value, by path',
      JSON.stringify({
        format: 'twinplane-zone',
        version: 1,
        origin: 'example.com',
        records: [rec('a.example.com', 'A', ['1.2.3'])],
      }),
      'records.0.values.0: "1.2.3" is not an IPv4 address',
    ],
    [
      'an empty set',
      JSON.stringify({
        format: 'twinplane-zone',
        version: 1,
        origin: 'example.com',
        records: [rec('a.example.com', 'A', [])],
      }),
      'records.0.values: is empty',
    ],
  ])('refuse %s', (_name, text, message) => {
    expect(() => parseJson(text, 'b.json')).toThrow(ZoneFileError);
    expect(() => parseJson(text, 'b.json')).toThrow(message);
  });
});

describe('diffZones', () => {
  const zone = (...records: ReturnType<typeof rec>[]) => ({ origin: 'example.com', records });
  it.each([
    [
      'identical zones',
      zone(rec('a.example.com', 'A', ['192.0.2.1'])),
      zone(rec('a.example.com', 'A', ['192.0.2.1'])),
      [],
    ],
    [
      'values, TTL, missing and extra sets',
      zone(rec('a.example.com', 'A', ['192.0.2.1']), rec('b.example.com', 'A', ['192.0.2.2'])),
      zone(rec('a.example.com', 'A', ['192.0.2.9'], 60), rec('c.example.com', 'A', ['192.0.2.3'])),
      [
        'changed a.example.com/A values 192.0.2.1 -> 192.0.2.9; ttl 300 -> 60',
        'missing b.example.com/A only in the first: 192.0.2.2',
        'extra c.example.com/A only in the second: 192.0.2.3',
      ],
    ],
    [
      'apex NS and SOA differ by provider and are not compared',
      zone(rec('example.com', 'NS', ['ns-1.awsdns-01.org']), rec('example.com', 'SOA', ['a b 1 2 3 4 5'])),
      zone(rec('example.com', 'NS', ['ada.ns.cloudflare.com'])),
      [],
    ],
    [
      "a proxied record's automatic TTL is not compared",
      zone(rec('cdn.example.com', 'A', ['192.0.2.1'], 300)),
      zone(rec('cdn.example.com', 'A', ['192.0.2.1'], 1, { proxied: true })),
      [],
    ],
  ])('%s', (_name, a, b, expected) => {
    expect(diffZones(a, b).map((d) => `${d.kind} ${d.id} ${d.detail}`)).toEqual(expected);
  });

  it('compares the proxied flag when both sides can proxy', () => {
    const a = zone(rec('cdn.example.com', 'A', ['192.0.2.1'], 1, { proxied: true }));
    const b = zone(rec('cdn.example.com', 'A', ['192.0.2.1'], 300));
    expect(diffZones(a, b, { proxied: true }).map((d) => d.detail)).toEqual(['proxied true -> false']);
  });
});
