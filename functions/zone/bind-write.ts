/**
 * Writes a zone as a BIND zone file: $ORIGIN and $TTL, owner names relative to the origin, names in
 * data absolute with their dot, TXT quoted in 255-byte strings. What a zone file cannot say is kept in
 * comments parseBind reads back: `;twinplane alias ...` lines and `; proxied` after a record.
 * Routing-policy sets are written as plain comments: a zone file has no way to hold them.
 */
import { quote } from './bind-lex';
import { sortRecords, type Zone, type ZoneRecord } from './model';

const NAME_TYPES = new Set(['CNAME', 'NS', 'PTR']);
const TXT_BYTES = 255;

const fqdn = (name: string) => (name === '.' || name.endsWith('.') ? name : `${name}.`);

function owner(name: string, origin: string): string {
  if (name === origin) return '@';
  return name.endsWith(`.${origin}`) ? name.slice(0, -origin.length - 1) : fqdn(name);
}

function txt(value: string): string {
  const bytes = new TextEncoder().encode(value);
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += TXT_BYTES)
    chunks.push(quote(bytes.slice(i, i + TXT_BYTES)));
  return chunks.join(' ');
}

/** A value as zone file data: names get their trailing dot. */
export function rdataText(type: string, value: string): string {
  if (type === 'TXT' || type === 'SPF') return txt(value);
  if (NAME_TYPES.has(type)) return fqdn(value);
  const words = value.split(' ');
  if (type === 'MX') return `${words[0]} ${fqdn(words[1] ?? '')}`;
  if (type === 'SRV') return `${words.slice(0, 3).join(' ')} ${fqdn(words[3] ?? '')}`;
  if (type === 'SOA') return [fqdn(words[0] ?? ''), fqdn(words[1] ?? ''), ...words.slice(2)].join(' ');
  return value;
}

function mostCommonTtl(records: readonly ZoneRecord[]): number {
  const counts = new Map<number, number>();
  for (const r of records) if (!r.alias) counts.set(r.ttl, (counts.get(r.ttl) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 300;
}

export function writeBind(zone: Zone, header: string[] = []): string {
  const lines = header.map((h) => `; ${h}`);
  lines.push(`$ORIGIN ${fqdn(zone.origin)}`, `$TTL ${mostCommonTtl(zone.records)}`);
  const records = sortRecords(zone.records);
  const width = Math.max(1, ...records.map((r) => owner(r.name, zone.origin).length));
  for (const r of records) {
    const name = owner(r.name, zone.origin).padEnd(width);
    const policy = r.setIdentifier
      ? `routing policy "${r.setIdentifier}"${r.failover ? ` failover ${r.failover}` : ''}${r.healthCheckId ? ` health check ${r.healthCheckId}` : ''}`
      : '';
    if (r.alias && r.setIdentifier) {
      lines.push(
        `; ${policy}, not restorable: alias ${owner(r.name, zone.origin)} ${r.type} ${fqdn(r.alias.target)}`,
      );
      continue;
    }
    if (r.alias) {
      const flag = r.alias.evaluateHealth ? ' evaluate-health' : '';
      lines.push(
        `;twinplane alias ${owner(r.name, zone.origin)} ${r.type} 0 ${fqdn(r.alias.target)} ${r.alias.zoneId}${flag}`,
      );
      continue;
    }
    for (const value of r.values) {
      const line = `${name} ${String(r.ttl).padEnd(6)} IN ${r.type.padEnd(5)} ${rdataText(r.type, value)}`;
      if (r.setIdentifier) lines.push(`; ${policy}, not restorable: ${line}`);
      else lines.push(r.proxied ? `${line} ; proxied` : line);
    }
  }
  return `${lines.join('\n')}\n`;
}
