/**
 * Canonical presentation values, so the same data read from different providers compares equal:
 * names lower case without the trailing dot, IPv6 compressed (RFC 5952), MX/SRV numbers without
 * leading zeros, CAA values quoted. `problem` says why a value is not valid for its type.
 */
import { canonicalIPv6, isHostname, isIPv4, isIPv6, normalizeName } from '../core/names';

const NAME_TYPES = new Set(['CNAME', 'NS', 'PTR']);

/** `.` (the root, as in a null MX) stays `.`; anything else loses its trailing dot. */
export const canonicalName = (name: string) => (name.trim() === '.' ? '.' : normalizeName(name));

/** `issue "letsencrypt.org"` keeps its case; the value is quoted once whether it was or not. */
function canonicalCaa(value: string): string {
  const m = /^\s*(\d+)\s+([A-Za-z0-9]+)\s+(.*?)\s*$/s.exec(value);
  if (!m) return value.trim();
  const raw = m[3] ?? '';
  const inner = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  return `${Number(m[1])} ${m[2]!.toLowerCase()} "${inner}"`;
}

const fields = (value: string) => value.trim().split(/\s+/);
const number = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN);

export function canonicalValue(type: string, value: string): string {
  if (type === 'TXT') return value;
  if (type === 'A') return value.trim();
  if (type === 'AAAA') return canonicalIPv6(value.trim());
  if (NAME_TYPES.has(type)) return canonicalName(value);
  if (type === 'MX') {
    const [pref, host] = fields(value);
    return `${Number.isNaN(number(pref)) ? pref : number(pref)} ${canonicalName(host ?? '')}`;
  }
  if (type === 'SRV') {
    const f = fields(value);
    const nums = f.slice(0, 3).map((n) => (Number.isNaN(number(n)) ? n : String(number(n))));
    return [...nums, canonicalName(f[3] ?? '')].join(' ');
  }
  if (type === 'CAA') return canonicalCaa(value);
  return fields(value).join(' ');
}

const inRange = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max;
const isTarget = (name: string) => name === '.' || isHostname(name);

/** Why `value` is not a valid value of `type`; undefined when it is (or the type is not checked). */
export function problem(type: string, value: string): string | undefined {
  const f = fields(value);
  switch (type) {
    case 'A':
      return isIPv4(value.trim()) ? undefined : `"${value}" is not an IPv4 address`;
    case 'AAAA':
      return isIPv6(value.trim()) ? undefined : `"${value}" is not an IPv6 address`;
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return isHostname(value) ? undefined : `"${value}" is not a host name`;
    case 'MX':
      return f.length === 2 && inRange(number(f[0]), 65_535) && isTarget(f[1]!)
        ? undefined
        : `"${value}" is not "PREFERENCE EXCHANGE"`;
    case 'SRV':
      return f.length === 4 && f.slice(0, 3).every((n) => inRange(number(n), 65_535)) && isTarget(f[3]!)
        ? undefined
        : `"${value}" is not "PRIORITY WEIGHT PORT TARGET"`;
    case 'CAA':
      return /^\s*\d+\s+[A-Za-z0-9]+\s+\S/.test(value) && inRange(number(f[0]), 255)
        ? undefined
        : `"${value}" is not 'FLAGS TAG "VALUE"'`;
    default:
      return undefined;
  }
}
