import { describe, expect, it } from 'vitest';
import { parseBind, parseTtl } from '../../../functions/zone/bind-parse';
import { writeBind } from '../../../functions/zone/bind-write';
import { ZoneFileError } from '../../../functions/zone/json';
import { sortRecords, type ZoneRecord } from '../../../functions/zone/model';
import { everyType, rec } from './fixtures';

describe('BIND zone files', () => {
  it('writes every type and reads the same zone back', () => {
    const text = writeBind(everyType, ['a header']);
    expect(text).toContain('$ORIGIN example.com.');
    expect(text).toMatch(/^_sip\._tcp +300 +IN SRV +10 5 5060 sip\.example\.com\.$/m);
    expect(text).toMatch(
      /^;twinplane alias lb A 0 dualstack\.lb\.example\.net\. Z35SXDOTRQ7X7K evaluate-health$/m,
    );
    expect(text).toMatch(/^cdn +1 +IN A +198\.51\.100\.7 ; proxied$/m);
    const back = parseBind(text, 'x.zone');
    expect(back.origin).toBe('example.com');
    expect(sortRecords(back.records)).toEqual(sortRecords(everyType.records));
  });

  it('splits TXT data into 255-byte strings and escapes bytes outside printable ASCII', () => {
    const text = writeBind({ origin: 'example.com', records: [rec('t.example.com', 'TXT', ['é"'])] });
    expect(text).toContain('"\\195\\169\\""');
    const long = writeBind({
      origin: 'example.com',
      records: [rec('t.example.com', 'TXT', ['y'.repeat(256)])],
    });
    expect(long).toContain(`"${'y'.repeat(255)}" "y"`);
  });

  it.each<[string, string, ZoneRecord[]]>([
    [
      'relative, @ and absolute names, $TTL, class and TTL in either order, comments',
      '$ORIGIN example.com.\n$TTL 1h\n@ IN A 192.0.2.1 ; apex\nwww 60 IN CNAME @\nmail.example.com. IN 120 A 192.0.2.9\n',
      [
        rec('example.com', 'A', ['192.0.2.1'], 3600),
        rec('www.example.com', 'CNAME', ['example.com'], 60),
        rec('mail.example.com', 'A', ['192.0.2.9'], 120),
      ],
    ],
    [
      'a blank owner continues the previous name; values of one set gather',
      '$ORIGIN example.com.\n$TTL 300\napp A 192.0.2.2\n    A 192.0.2.1\n    TXT "one" "two"\n',
      [rec('app.example.com', 'A', ['192.0.2.1', '192.0.2.2']), rec('app.example.com', 'TXT', ['onetwo'])],
    ],
    [
      'parentheses join lines; a later $ORIGIN moves relative names',
      '$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 host (\n  1 ; serial\n  7200 900 1209600 300 )\n$ORIGIN sub.example.com.\nx MX 10 mail\n',
      [
        rec('example.com', 'SOA', ['ns1.example.com host.example.com 1 7200 900 1209600 300']),
        rec('x.sub.example.com', 'MX', ['10 mail.sub.example.com']),
      ],
    ],
    [
      'values are canonical: IPv6 compressed, names lower case, CAA quoted',
      '$ORIGIN Example.COM.\n$TTL 300\nv6 AAAA 2001:DB8:0:0:0:0:0:1\nc CAA 0 ISSUE letsencrypt.org\nn NS NS1.Example.NET.\n',
      [
        rec('v6.example.com', 'AAAA', ['2001:db8::1']),
        rec('c.example.com', 'CAA', ['0 issue "letsencrypt.org"']),
        rec('n.example.com', 'NS', ['ns1.example.net']),
      ],
    ],
  ])('parses %s', (_name, text, records) => {
    expect(sortRecords(parseBind(text).records)).toEqual(sortRecords(records));
  });

  it('writes failover sets, aliases included, as comments that a restore does not read back', () => {
    const zone = {
      origin: 'example.com',
      records: [
        rec('app.example.com', 'A', ['192.0.2.1'], 60, {
          setIdentifier: 'twinplane-primary',
          failover: 'PRIMARY' as const,
          healthCheckId: 'hc-1',
        }),
        rec('app.example.com', 'A', [], 0, {
          setIdentifier: 'twinplane-chain1',
          failover: 'SECONDARY' as const,
          alias: { target: '_twinplane-chain1-a.app.example.com', zoneId: 'Z1', evaluateHealth: true },
        }),
      ],
    };
    const text = writeBind(zone);
    expect(text).toContain(
      '; routing policy "twinplane-primary" failover PRIMARY health check hc-1, not restorable: app',
    );
    expect(text).toContain(
      '; routing policy "twinplane-chain1" failover SECONDARY, not restorable: alias app A _twinplane-chain1-a.app.example.com.',
    );
    expect(parseBind(text, 'z.zone').records).toEqual([]);
  });

  it('takes the origin from the caller when the file has no $ORIGIN', () => {
    expect(parseBind('$TTL 300\n@ A 192.0.2.1\n', 'f', 'example.org').records).toEqual([
      rec('example.org', 'A', ['192.0.2.1']),
    ]);
  });

  it.each([
    [
      'an unknown directive',
      '$ORIGIN example.com.\n$INCLUDE other.zone\n',
      'line 2: $INCLUDE is not supported',
    ],
    [
      'a bad address',
      '$ORIGIN example.com.\n$TTL 300\n\napp A 192.0.2.300\n',
      'line 4: "192.0.2.300" is not an IPv4 address',
    ],
    ['a missing TTL', '$ORIGIN example.com.\napp A 192.0.2.1\n', 'line 2: no TTL'],
    [
      'a relative name without origin',
      '$TTL 300\napp A 192.0.2.1\n',
      'line 2: relative name "app" used before $ORIGIN',
    ],
    [
      'a wrong field count',
      '$ORIGIN example.com.\n$TTL 300\nm MX mail\n',
      'line 3: MX takes 2 field(s), found 1',
    ],
    [
      'an unterminated string',
      '$ORIGIN example.com.\n$TTL 300\nt TXT "open\n',
      'line 3: unterminated quoted string',
    ],
    [
      'an open parenthesis',
      '$ORIGIN example.com.\n$TTL 300\n@ SOA ns host ( 1 2\n',
      'line 3: unbalanced "("',
    ],
    [
      'a class other than IN',
      '$ORIGIN example.com.\n$TTL 300\nt CH TXT "x"\n',
      'line 3: class CH is not supported',
    ],
    [
      'a bad SRV',
      '$ORIGIN example.com.\n$TTL 300\ns SRV 1 2 99999 t\n',
      'line 3: "1 2 99999 t.example.com" is not "PRIORITY',
    ],
    [
      'an alias and a record set of one name and type',
      '$ORIGIN example.com.\n$TTL 300\nlb A 192.0.2.1\n;twinplane alias lb A 0 dualstack.lb.example.net. Z35SXDOTRQ7X7K\n',
      'lb.example.com A: is both an alias and a record set',
    ],
  ])('reports %s with its line number', (_name, text, message) => {
    const error = (() => {
      try {
        parseBind(text, 'bad.zone');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ZoneFileError);
    expect((error as Error).message).toContain(`bad.zone is invalid:\n${message}`);
  });

  it('reports every bad line, not only the first', () => {
    expect(() => parseBind('$ORIGIN example.com.\n$TTL 300\na A 1.2.3\nb AAAA zz\n')).toThrow(
      /line 3: .*\nline 4: /,
    );
  });

  it.each([
    ['300', 300],
    ['1h30m', 5400],
    ['1W', 604800],
    ['1x', undefined],
    ['h', undefined],
  ])('reads the TTL %s as %s', (text, seconds) => {
    expect(parseTtl(text)).toBe(seconds);
  });
});
