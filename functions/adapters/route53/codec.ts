/**
 * Route 53 record sets <-> the core's RecordSet: names lower case without the trailing dot (octal escapes
 * such as \052 decoded), TXT values unquoted and joined, values sorted. Alias and routing-policy record
 * sets are read and reported as such; the failover path never writes over them, and zone import only
 * creates aliases (see zone/records.ts for how they travel as values).
 */
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { normalizeName } from '../../core/names';
import type { RecordSet } from '../../core/types';
import {
  ALIAS_PREFIX as ALIAS,
  FAILOVER_PREFIX,
  formatAlias,
  HEALTH_CHECK_PREFIX,
  parseAlias,
  SET_IDENTIFIER_PREFIX as SET_IDENTIFIER,
} from '../../zone/records';

/** Route 53 (like any DNS server) splits TXT data into character-strings of at most 255 bytes. */
const TXT_CHUNK = 255;

/** Route 53 writes bytes outside printable ASCII as octal escapes (\303\251 is "é" in UTF-8). */
const unescapeDns = (text: string) => {
  if (!text.includes('\\')) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (const m of text.matchAll(/\\([0-7]{3})|\\(.)|([^\\]+)/gsu)) {
    if (m[1]) bytes.push(Number.parseInt(m[1], 8));
    else bytes.push(...encoder.encode(m[2] ?? m[3] ?? ''));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
};

export function decodeName(name: string): string {
  return normalizeName(unescapeDns(name));
}

/** `"abc" "def"` -> `abcdef`; an unquoted value is returned as it is. */
export function decodeTxt(value: string): string {
  const chunks = [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => unescapeDns(m[1] ?? ''));
  return chunks.length > 0 ? chunks.join('') : value;
}

export function encodeTxt(value: string): string {
  const chunks: string[] = [];
  for (let i = 0; i < value.length || i === 0; i += TXT_CHUNK) chunks.push(value.slice(i, i + TXT_CHUNK));
  return chunks.map((c) => `"${c.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(' ');
}

function decodeValue(type: string, value: string): string {
  if (type === 'TXT') return decodeTxt(value);
  if (type === 'CNAME') return normalizeName(value);
  return value;
}

/** A routing-policy set's policy as leading values (see zone/records.ts), so it survives a read. */
function policyValues(set: ResourceRecordSet): string[] {
  if (!set.SetIdentifier) return [];
  return [
    `${SET_IDENTIFIER}${set.SetIdentifier}`,
    ...(set.Failover ? [`${FAILOVER_PREFIX}${set.Failover}`] : []),
    ...(set.HealthCheckId ? [`${HEALTH_CHECK_PREFIX}${set.HealthCheckId}`] : []),
  ];
}

export function fromAws(set: ResourceRecordSet): RecordSet {
  const name = decodeName(set.Name ?? '');
  const type = set.Type ?? '';
  if (set.AliasTarget) {
    const alias = {
      target: normalizeName(set.AliasTarget.DNSName ?? ''),
      zoneId: set.AliasTarget.HostedZoneId ?? '',
      evaluateHealth: set.AliasTarget.EvaluateTargetHealth ?? false,
    };
    return { name, type, ttl: 0, values: [...policyValues(set), formatAlias(alias)] };
  }
  const values = (set.ResourceRecords ?? []).map((r) => decodeValue(type, r.Value ?? '')).sort();
  return { name, type, ttl: set.TTL ?? 0, values: [...policyValues(set), ...values] };
}

/** Writes a plain record set, or an alias one (zone import) as an AliasTarget without a TTL. */
export function toAws(set: RecordSet): ResourceRecordSet {
  const alias = set.values.length === 1 ? parseAlias(set.values[0]!) : undefined;
  if (alias) {
    return {
      Name: `${set.name}.`,
      Type: set.type as ResourceRecordSet['Type'],
      AliasTarget: {
        DNSName: `${alias.target}.`,
        HostedZoneId: alias.zoneId,
        EvaluateTargetHealth: alias.evaluateHealth,
      },
    };
  }
  return {
    Name: `${set.name}.`,
    Type: set.type as ResourceRecordSet['Type'],
    TTL: set.ttl,
    ResourceRecords: set.values.map((v) => ({ Value: set.type === 'TXT' ? encodeTxt(v) : v })),
  };
}

/** Why twinplane must not write over `set` (an alias or routing-policy set), if it must not. */
export function readOnlyReason(set: RecordSet): string | undefined {
  if (set.values.some((v) => v.startsWith(ALIAS))) return `${set.name} ${set.type} is an alias record set`;
  if (set.values.some((v) => v.startsWith(SET_IDENTIFIER)))
    return `${set.name} ${set.type} is a routing-policy record set (it has a SetIdentifier)`;
  return undefined;
}
