/** Zones for the zone tools' tests: one holding every type twinplane knows, and what only comments carry. */
import type { Zone, ZoneRecord } from '../../../functions/zone/model';

export const rec = (
  name: string,
  type: string,
  values: string[],
  ttl = 300,
  extra: Partial<ZoneRecord> = {},
) => ({
  name,
  type,
  ttl,
  values: [...values].sort(),
  ...extra,
});

/** Every type the zone tools know, an alias and a proxied record. */
export const everyType: Zone = {
  origin: 'example.com',
  records: [
    rec('example.com', 'SOA', ['ns1.example.com hostmaster.example.com 1 7200 900 1209600 300'], 3600),
    rec('example.com', 'NS', ['ns1.example.com', 'ns2.example.net'], 172800),
    rec('example.com', 'A', ['192.0.2.1', '192.0.2.2']),
    rec('example.com', 'AAAA', ['2001:db8::1']),
    rec('example.com', 'MX', ['10 mail.example.com', '20 mx.backup.example.net']),
    rec('example.com', 'TXT', ['v=spf1 include:_spf.example.net -all', 'say "hi" \\ caf\u00e9']),
    rec('example.com', 'CAA', ['0 issue "letsencrypt.org"', '128 iodef "mailto:Sec@example.com"']),
    rec('www.example.com', 'CNAME', ['example.com'], 60),
    rec('_sip._tcp.example.com', 'SRV', ['10 5 5060 sip.example.com']),
    rec('sub.example.com', 'NS', ['ns.sub-dns.example.net'], 3600),
    rec('1.2.0.192.in-addr.example.com', 'PTR', ['host.example.com']),
    rec('long.example.com', 'TXT', ['x'.repeat(300)]),
    rec('cdn.example.com', 'A', ['198.51.100.7'], 1, { proxied: true }),
    rec('lb.example.com', 'A', [], 0, {
      alias: { target: 'dualstack.lb.example.net', zoneId: 'Z35SXDOTRQ7X7K', evaluateHealth: true },
    }),
  ],
};
