/**
 * Cloudflare keeps one record per value; the core reasons in record sets. This groups a zone's records
 * into normalised sets (names lower case without the dot, TXT unquoted, MX/SRV/CAA fields joined into
 * presentation text, values sorted) and keeps each record's id, so an apply can address exactly the
 * records the plan was made against.
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
  /** MX (and SRV, in older answers) preference. */
  priority?: number;
  /** The structured fields of SRV and CAA records. */
  data?: RecordData;
}

export interface RecordData {
  priority?: number;
  weight?: number;
  port?: number;
  target?: string;
  flags?: number;
  tag?: string;
  value?: string;
}

/** One record of a set: its id and the normalised value it holds. */
export interface RecordEntry {
  id: string;
  value: string;
  ttl: number;
  proxied: boolean;
}

export interface ZoneIndex {
  /** By `name/TYPE`. */
  sets: Map<string, RecordSet>;
  /** By `name/TYPE`. */
  entries: Map<string, RecordEntry[]>;
  /** Each record id's `name/TYPE`. */
  ids: Map<string, string>;
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
  if (type === 'CNAME' || type === 'NS' || type === 'PTR') return normalizeName(content);
  return content.trim().toLowerCase();
}

/** The content to send for a normalised value. */
export function contentOf(type: string, value: string): string {
  return type === 'TXT' ? quoteTxt(value) : value;
}

/** `0 issue "ca.example.net"` (quotes optional, tabs allowed) -> its three parts. */
function splitCaa(text: string): { flags: number; tag: string; value: string } {
  const m = /^\s*(\d+)\s+(\S+)\s+(.*?)\s*$/s.exec(text);
  const raw = m?.[3] ?? '';
  const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  return { flags: Number(m?.[1] ?? 0), tag: m?.[2] ?? '', value };
}

const words = (text: string | undefined) => (text ?? '').trim().split(/\s+/);

/**
 * One record's value in presentation form. MX and SRV carry their priority in a field of its own
 * and SRV and CAA their parts in `data`; those are joined back so nothing is dropped.
 */
export function valueOfRecord(r: Pick<ListedRecord, 'type' | 'content' | 'priority' | 'data'>): string {
  const d = r.data ?? {};
  if (r.type === 'MX') return `${r.priority ?? d.priority ?? 0} ${normalizeName(r.content ?? '') || '.'}`;
  if (r.type === 'SRV') {
    const parts = words(r.content);
    // The content is `weight port target` in older answers and `priority weight port target` now.
    const [weight, port, target] = parts.length >= 4 ? parts.slice(1) : parts;
    const priority = d.priority ?? r.priority ?? (parts.length >= 4 ? parts[0] : 0);
    const name = normalizeName(d.target ?? target ?? '') || '.';
    return `${priority} ${d.weight ?? weight ?? 0} ${d.port ?? port ?? 0} ${name}`;
  }
  if (r.type === 'CAA') {
    if (d.tag !== undefined) return `${d.flags ?? 0} ${d.tag} "${d.value ?? ''}"`;
    const caa = splitCaa(r.content ?? '');
    return `${caa.flags} ${caa.tag} "${caa.value}"`;
  }
  return normalizeValue(r.type, r.content ?? '');
}

/** The body fields that carry `value` for its type: `content`, plus `priority` or `data` where needed. */
export function fieldsOf(
  type: string,
  value: string,
): { content?: string; priority?: number; data?: RecordData } {
  const parts = words(value);
  const host = (name: string | undefined) => (name === '.' ? '.' : normalizeName(name ?? ''));
  if (type === 'MX') return { content: host(parts[1]), priority: Number(parts[0]) };
  if (type === 'SRV') {
    const [priority, weight, port, target] = parts;
    return {
      data: { priority: Number(priority), weight: Number(weight), port: Number(port), target: host(target) },
    };
  }
  if (type === 'CAA') return { data: splitCaa(value) };
  return { content: contentOf(type, value) };
}

const entryOf = (r: ListedRecord): RecordEntry => ({
  id: r.id,
  value: valueOfRecord(r),
  ttl: r.ttl,
  proxied: r.proxied ?? false,
});

/**
 * One set from its records. A set whose records disagree on TTL or proxying is reported with TTL 0,
 * which no desired set has, so the plan rewrites it whole.
 */
function setOf(key: string, list: readonly RecordEntry[]): RecordSet {
  const slash = key.lastIndexOf('/');
  const first = list[0]!;
  const uniform = list.every((e) => e.ttl === first.ttl && e.proxied === first.proxied);
  const ttl = !uniform ? 0 : !first.proxied && first.ttl === AUTO_TTL ? AUTO_DNS_ONLY_TTL : first.ttl;
  return {
    name: key.slice(0, slash),
    type: key.slice(slash + 1),
    ttl,
    values: list.map((e) => e.value).sort(),
    proxied: uniform ? first.proxied : list.every((e) => e.proxied),
  };
}

/** Groups records into sets. */
export function indexRecords(records: readonly ListedRecord[]): ZoneIndex {
  const entries = new Map<string, RecordEntry[]>();
  const ids = new Map<string, string>();
  for (const r of records) {
    const key = setKey(normalizeName(r.name), r.type);
    const list = entries.get(key) ?? [];
    list.push(entryOf(r));
    entries.set(key, list);
    ids.set(r.id, key);
  }
  const sets = new Map<string, RecordSet>();
  for (const [key, list] of entries) sets.set(key, setOf(key, list));
  return { sets, entries, ids };
}

/** What the batch endpoint answers: the records it deleted, and the records as patched and posted. */
export interface BatchResult {
  deletes?: readonly ListedRecord[];
  patches?: readonly ListedRecord[];
  puts?: readonly ListedRecord[];
  posts?: readonly ListedRecord[];
}

/**
 * Folds a batch's answer into the index, so the next apply addresses the ids the zone now holds
 * without listing it again. False (the index left as it was, to be dropped) when the answer does not
 * account for every operation sent.
 */
export function absorbBatch(index: ZoneIndex, result: BatchResult | undefined, sent: number): boolean {
  const deleted = result?.deletes ?? [];
  const written = [...(result?.patches ?? []), ...(result?.puts ?? []), ...(result?.posts ?? [])];
  if (deleted.length + written.length !== sent || written.some((r) => !r?.id || !r.name || !r.type))
    return false;
  const touched = new Set<string>();
  const drop = (id: string) => {
    const key = index.ids.get(id);
    if (key === undefined) return;
    index.ids.delete(id);
    touched.add(key);
    const list = (index.entries.get(key) ?? []).filter((e) => e.id !== id);
    if (list.length > 0) index.entries.set(key, list);
    else index.entries.delete(key);
  };
  for (const r of deleted) drop(r.id);
  for (const r of written) {
    drop(r.id);
    const key = setKey(normalizeName(r.name), r.type);
    index.entries.set(key, [...(index.entries.get(key) ?? []), entryOf(r)]);
    index.ids.set(r.id, key);
    touched.add(key);
  }
  for (const key of touched) {
    const list = index.entries.get(key);
    if (list) index.sets.set(key, setOf(key, list));
    else index.sets.delete(key);
  }
  return true;
}
