/** The zone model: every record set of a zone in one runtime-neutral, provider-neutral shape. */

/** Types zone export, import and diff understand on every provider that declares them. */
export const ZONE_TYPES = ['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'SRV', 'CAA', 'NS', 'PTR'] as const;
export type ZoneType = (typeof ZONE_TYPES)[number];

/** A Route 53 alias: the record set answers with whatever `target` (in hosted zone `zoneId`) answers. */
export interface AliasTarget {
  target: string;
  zoneId: string;
  evaluateHealth: boolean;
}

/**
 * One record set. Names are absolute, lower case, without the trailing dot; values are canonical
 * presentation text (see canonical.ts), sorted, TXT unquoted.
 */
export interface ZoneRecord {
  name: string;
  type: string;
  ttl: number;
  values: string[];
  /** Cloudflare's proxy (orange cloud); absent where the provider has no such notion. */
  proxied?: boolean;
  /** Set for a Route 53 alias record set; `values` is then empty. */
  alias?: AliasTarget;
  /** Route 53 routing policy (weighted, latency, failover...): exported for the record, never written. */
  setIdentifier?: string;
  /** A Route 53 failover set's role, with the routing policy (data-plane mode writes these). */
  failover?: 'PRIMARY' | 'SECONDARY';
  /** The Route 53 health check a routing-policy set carries. */
  healthCheckId?: string;
}

export interface Zone {
  /** The zone's apex, e.g. `example.com`. */
  origin: string;
  records: ZoneRecord[];
}

export const recordId = (r: Pick<ZoneRecord, 'name' | 'type' | 'setIdentifier'>) =>
  `${r.name}/${r.type}${r.setIdentifier ? `#${r.setIdentifier}` : ''}`;

/** Records in a stable order: by name (apex first, then as DNS sorts, right to left), then type. */
export function sortRecords(records: readonly ZoneRecord[]): ZoneRecord[] {
  const reversed = (name: string) => name.split('.').reverse().join('.');
  return [...records].sort(
    (a, b) =>
      reversed(a.name).localeCompare(reversed(b.name)) ||
      a.type.localeCompare(b.type) ||
      (a.setIdentifier ?? '').localeCompare(b.setIdentifier ?? ''),
  );
}
