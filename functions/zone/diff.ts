/**
 * The difference between two zones, record set by record set. Apex NS and SOA are each provider's own
 * and never compared; a proxied record's TTL is Cloudflare's (automatic) and not compared either.
 */
import { recordId, sortRecords, type Zone, type ZoneRecord } from './model';
import { formatAlias } from './records';

export type DiffKind = 'missing' | 'extra' | 'changed';

export interface DiffEntry {
  /** `name/TYPE`. */
  id: string;
  /** missing: only in `from`; extra: only in `to`; changed: in both, different. */
  kind: DiffKind;
  from?: ZoneRecord;
  to?: ZoneRecord;
  /** What differs, for people: "values 192.0.2.1 -> 192.0.2.2; ttl 300 -> 60". */
  detail: string;
}

export interface DiffOptions {
  /** Compare the proxied flag (both sides can proxy). Default false. */
  proxied?: boolean;
}

/** Apex NS and SOA belong to whichever provider serves the zone. */
export const isApexOwned = (r: Pick<ZoneRecord, 'name' | 'type'>, origin: string) =>
  r.name === origin && (r.type === 'NS' || r.type === 'SOA');

export const describeValues = (r: ZoneRecord) =>
  r.alias ? formatAlias(r.alias) : r.values.length > 0 ? r.values.join(', ') : '(none)';

/** What differs between two record sets with the same id; empty when they are the same. */
export function differences(a: ZoneRecord, b: ZoneRecord, options: DiffOptions = {}): string[] {
  const out: string[] = [];
  const values = (r: ZoneRecord) => describeValues({ ...r, values: [...r.values].sort() });
  if (values(a) !== values(b)) out.push(`values ${values(a)} -> ${values(b)}`);
  const autoTtl = (a.proxied ?? false) || (b.proxied ?? false) || a.alias || b.alias;
  if (!autoTtl && a.ttl !== b.ttl) out.push(`ttl ${a.ttl} -> ${b.ttl}`);
  if (options.proxied && (a.proxied ?? false) !== (b.proxied ?? false))
    out.push(`proxied ${a.proxied ?? false} -> ${b.proxied ?? false}`);
  if (a.failover !== b.failover) out.push(`failover ${a.failover ?? '(none)'} -> ${b.failover ?? '(none)'}`);
  if (a.healthCheckId !== b.healthCheckId)
    out.push(`health check ${a.healthCheckId ?? '(none)'} -> ${b.healthCheckId ?? '(none)'}`);
  return out;
}

export function diffZones(from: Zone, to: Zone, options: DiffOptions = {}): DiffEntry[] {
  const index = (zone: Zone) =>
    new Map(zone.records.filter((r) => !isApexOwned(r, zone.origin)).map((r) => [recordId(r), r]));
  const a = index(from);
  const b = index(to);
  const out: DiffEntry[] = [];
  for (const r of sortRecords([...a.values()])) {
    const other = b.get(recordId(r));
    if (!other)
      out.push({
        id: recordId(r),
        kind: 'missing',
        from: r,
        detail: `only in the first: ${describeValues(r)}`,
      });
    else {
      const what = differences(r, other, options);
      if (what.length > 0)
        out.push({ id: recordId(r), kind: 'changed', from: r, to: other, detail: what.join('; ') });
    }
  }
  for (const r of sortRecords([...b.values()])) {
    if (!a.has(recordId(r)))
      out.push({ id: recordId(r), kind: 'extra', to: r, detail: `only in the second: ${describeValues(r)}` });
  }
  return out;
}
