/**
 * Cloudflare keeps one record per value; the core reasons in record sets. This groups a zone's records
 * into normalised sets (names lower case without the dot, TXT unquoted, values sorted) and keeps each
 * record's id, so an apply can address exactly the records the plan was made against.
 */
import { normalizeName } from '../../core/names';
import type { RecordSet } from '../../core/types';

/** The fields of a listed record twinplane reads (a subset of the SDK's RecordResponse). */
export interface ListedRecord {
  id: string;
  name: string;
  type: string;
  content?: string;
  ttl: number;
  proxied?: boolean;
}

/** One record of a set: its id and the normalised value it holds. */
export interface RecordEntry {
  id: string;
  value: string;
  ttl: number;
  proxied: boolean;
}

export interface ZoneIndex {
  sets: RecordSet[];
  /** By `name/TYPE`. */
  entries: Map<string, RecordEntry[]>;
}

/** Cloudflare's "automatic" TTL; a DNS-only record with it is served with 300 s. */
export const AUTO_TTL = 1;
const AUTO_DNS_ONLY_TTL = 300;

export const setKey = (name: string, type: string) => `${name}/${type}`;

/** `"v=spf1 " "-all"` -> `v=spf1 -all`. Content without quotes is taken as it is. */
export function unquoteTxt(content: string): string {
  const text = content.trim();
  if (!text.startsWith('"')) return content;
  let out = '';
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') inside = !inside;
    else if (inside && c === '\\' && i + 1 < text.length) out += text[++i];
    else if (inside) out += c;
  }
  return out;
}

/** The TXT content Cloudflare expects: quoted character-strings of at most 255 characters. */
export function quoteTxt(value: string): string {
  const chunks = value.match(/[\s\S]{1,255}/g) ?? [''];
  return chunks.map((chunk) => `"${chunk.replace(/["\\]/g, '\\$&')}"`).join(' ');
}

export function normalizeValue(type: string, content: string): string {
  if (type === 'TXT') return unquoteTxt(content);
  if (type === 'CNAME') return normalizeName(content);
  return content.trim().toLowerCase();
}

/** The content to send for a normalised value. */
export function contentOf(type: string, value: string): string {
  return type === 'TXT' ? quoteTxt(value) : value;
}

/**
 * Groups records into sets. A set whose records disagree on TTL or proxying is reported with TTL 0,
 * which no desired set has, so the plan rewrites it whole.
 */
export function indexRecords(records: readonly ListedRecord[]): ZoneIndex {
  const entries = new Map<string, RecordEntry[]>();
  for (const r of records) {
    const name = normalizeName(r.name);
    const key = setKey(name, r.type);
    const list = entries.get(key) ?? [];
    list.push({
      id: r.id,
      value: normalizeValue(r.type, r.content ?? ''),
      ttl: r.ttl,
      proxied: r.proxied ?? false,
    });
    entries.set(key, list);
  }
  const sets: RecordSet[] = [];
  for (const [key, list] of entries) {
    const slash = key.lastIndexOf('/');
    const first = list[0]!;
    const uniform = list.every((e) => e.ttl === first.ttl && e.proxied === first.proxied);
    const ttl = !uniform ? 0 : !first.proxied && first.ttl === AUTO_TTL ? AUTO_DNS_ONLY_TTL : first.ttl;
    sets.push({
      name: key.slice(0, slash),
      type: key.slice(slash + 1),
      ttl,
      values: list.map((e) => e.value).sort(),
      proxied: uniform ? first.proxied : list.every((e) => e.proxied),
    });
  }
  return { sets, entries };
}
