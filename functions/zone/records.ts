/**
 * Provider record sets (the core's RecordSet) <-> zone records. Providers carry their specifics in
 * the values: a Route 53 alias reads as `ALIAS target (zone Z)` (`, evaluate health` when set) and a
 * routing-policy set has a leading `SET-IDENTIFIER id` value (with `FAILOVER PRIMARY|SECONDARY` and
 * `HEALTH-CHECK id` when it has them); all become fields here.
 */
import type { RecordSet } from '../core/types';
import { canonicalValue } from './canonical';
import type { AliasTarget, Zone, ZoneRecord } from './model';

export const ALIAS_PREFIX = 'ALIAS ';
export const SET_IDENTIFIER_PREFIX = 'SET-IDENTIFIER ';
export const FAILOVER_PREFIX = 'FAILOVER ';
export const HEALTH_CHECK_PREFIX = 'HEALTH-CHECK ';

export function formatAlias(alias: AliasTarget): string {
  return `${ALIAS_PREFIX}${alias.target} (zone ${alias.zoneId}${alias.evaluateHealth ? ', evaluate health' : ''})`;
}

export function parseAlias(value: string): AliasTarget | undefined {
  const m = /^ALIAS (\S+) \(zone ([^,)]*)(, evaluate health)?\)$/.exec(value);
  return m ? { target: m[1]!, zoneId: m[2]!, evaluateHealth: m[3] !== undefined } : undefined;
}

export function fromRecordSet(set: RecordSet): ZoneRecord {
  const out: ZoneRecord = { name: set.name, type: set.type, ttl: set.ttl, values: [] };
  const values: string[] = [];
  for (const value of set.values) {
    const alias = value.startsWith(ALIAS_PREFIX) ? parseAlias(value) : undefined;
    if (alias) out.alias = alias;
    else if (value.startsWith(SET_IDENTIFIER_PREFIX))
      out.setIdentifier = value.slice(SET_IDENTIFIER_PREFIX.length);
    else if (value === `${FAILOVER_PREFIX}PRIMARY` || value === `${FAILOVER_PREFIX}SECONDARY`)
      out.failover = value.slice(FAILOVER_PREFIX.length) as 'PRIMARY' | 'SECONDARY';
    else if (value.startsWith(HEALTH_CHECK_PREFIX))
      out.healthCheckId = value.slice(HEALTH_CHECK_PREFIX.length);
    else values.push(canonicalValue(set.type, value));
  }
  out.values = values.sort();
  // DNS-only is every provider's default, so only a proxied record says so.
  if (set.proxied) out.proxied = true;
  return out;
}

export function toRecordSet(record: ZoneRecord): RecordSet {
  const values = record.alias ? [formatAlias(record.alias)] : [...record.values].sort();
  if (record.healthCheckId) values.unshift(`${HEALTH_CHECK_PREFIX}${record.healthCheckId}`);
  if (record.failover) values.unshift(`${FAILOVER_PREFIX}${record.failover}`);
  if (record.setIdentifier) values.unshift(`${SET_IDENTIFIER_PREFIX}${record.setIdentifier}`);
  return {
    name: record.name,
    type: record.type,
    ttl: record.alias ? 0 : record.ttl,
    values,
    ...(record.proxied !== undefined ? { proxied: record.proxied } : {}),
  };
}

/**
 * The zone's apex: the configured domain, else the SOA's owner, else the one name every other name
 * sits under (undefined when there is none).
 */
export function inferOrigin(sets: readonly RecordSet[], domain?: string): string | undefined {
  if (domain) return domain;
  const soa = sets.find((s) => s.type === 'SOA');
  if (soa) return soa.name;
  const names = [...new Set(sets.map((s) => s.name))].sort((a, b) => a.length - b.length);
  const apex = names[0];
  return apex && names.every((n) => n === apex || n.endsWith(`.${apex}`)) ? apex : undefined;
}

export function toZone(origin: string, sets: readonly RecordSet[]): Zone {
  return { origin, records: sets.map(fromRecordSet) };
}
