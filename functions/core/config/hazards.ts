/**
 * Configs the schema accepts but a running plane cannot live with: timers that spin or overflow, a
 * timeout that fails every probe, check names that collide with Object.prototype, records DNS itself
 * forbids, notification targets and headers that can never be sent, and patterns that backtrack
 * without bound. Each issue names its field, so `twinplane validate` exits 1 before a plane starts.
 */
import { parseDuration } from '../duration';
import type { Issue } from '../errors';
import { canonicalIPv6, normalizeName } from '../names';
import { DEFAULTS } from './model';
import { backtrackingProblem } from './regex-safety';

/** The longest delay setTimeout honours (2^31-1 ms, about 24.8 days); beyond it Node fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** RFC 9110 token: the characters a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const show = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** A check name that is a property of every object: a lookup by it would find the prototype's. */
export function isReservedName(name: string): boolean {
  return name in Object.prototype;
}

function timerIssue(path: string, value: unknown): Issue | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) return undefined;
  if (ms <= 0) return { path, message: 'must be longer than 0' };
  if (ms > MAX_TIMER_MS)
    return {
      path,
      message: `"${show(value)}" is longer than the longest timer (${MAX_TIMER_MS} ms, about 24.8 days)`,
    };
  return undefined;
}

function httpIssues(path: string, http: Fields): Issue[] {
  const issues: Issue[] = [];
  if (isObject(http.headers)) {
    for (const [name, value] of Object.entries(http.headers)) {
      if (!HEADER_NAME.test(name))
        issues.push({
          path: `${path}.headers`,
          message: `"${show(JSON.stringify(name))}" is not a header name`,
        });
      else if (typeof value === 'string' && HEADER_VALUE_FORBIDDEN.test(value))
        issues.push({ path: `${path}.headers.${name}`, message: 'must not contain CR, LF or NUL' });
    }
  }
  if (typeof http.bodyMatches === 'string') {
    const problem = backtrackingProblem(http.bodyMatches);
    if (problem) issues.push({ path: `${path}.bodyMatches`, message: problem });
  }
  return issues;
}

function checkIssues(checks: Fields): Issue[] {
  const issues: Issue[] = [];
  for (const [name, check] of Object.entries(checks)) {
    const path = `checks.${name}`;
    if (isReservedName(name))
      issues.push({ path, message: `"${name}" is reserved; choose another check name` });
    if (!isObject(check)) continue;
    for (const field of ['interval', 'timeout'] as const) {
      const issue = timerIssue(`${path}.${field}`, check[field] ?? DEFAULTS[field]);
      if (issue) issues.push(issue);
    }
    if (isObject(check.http)) issues.push(...httpIssues(`${path}.http`, check.http));
  }
  return issues;
}

const valueKey = (type: unknown, value: string) =>
  type === 'AAAA' ? canonicalIPv6(value) : type === 'CNAME' ? normalizeName(value) : value;

function recordIssues(records: unknown[]): Issue[] {
  const issues: Issue[] = [];
  const typesByName = new Map<string, { type: string; path: string }[]>();
  records.forEach((record, i) => {
    if (!isObject(record) || typeof record.name !== 'string' || typeof record.type !== 'string') return;
    const path = `records[${i}]`;
    const name = normalizeName(record.name);
    typesByName.set(name, [...(typesByName.get(name) ?? []), { type: record.type, path }]);
    asArray(record.pools).forEach((pool, j) => {
      if (!isObject(pool)) return;
      const seen = new Set<string>();
      asArray(pool.values).forEach((value, k) => {
        if (typeof value !== 'string') return;
        const key = valueKey(record.type, value);
        const at = `${path}.pools[${j}].values[${k}]`;
        if (seen.has(key)) issues.push({ path: at, message: `"${show(value)}" is listed twice` });
        seen.add(key);
        if (record.type === 'CNAME' && key === name)
          issues.push({ path: at, message: `a CNAME cannot point at its own name (${name})` });
      });
    });
  });
  for (const [name, entries] of typesByName) {
    const cname = entries.find((e) => e.type === 'CNAME');
    const other = entries.find((e) => e.type !== 'CNAME');
    if (cname && other)
      issues.push({
        path: `${cname.path}.type`,
        message: `${name} also has a ${other.type} record (${other.path}); a CNAME must be the only record at its name`,
      });
  }
  return issues;
}

function notifyIssues(notify: unknown[]): Issue[] {
  const issues: Issue[] = [];
  notify.forEach((entry, i) => {
    if (!isObject(entry) || !isObject(entry.webhook) || typeof entry.webhook.url !== 'string') return;
    const url = entry.webhook.url;
    let protocol: string | undefined;
    try {
      protocol = new URL(url).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'https:' && protocol !== 'http:')
      issues.push({ path: `notify[${i}].webhook.url`, message: `"${show(url)}" is not an http(s) URL` });
  });
  return issues;
}

/** Every hazard in the document; runs on whatever parts have shape, beside the schema's own issues. */
export function hazardIssues(doc: Fields): Issue[] {
  const planes = isObject(doc.planes) ? doc.planes : {};
  const tick = timerIssue('planes.tickInterval', planes.tickInterval);
  return [
    ...(tick ? [tick] : []),
    ...checkIssues(isObject(doc.checks) ? doc.checks : {}),
    ...recordIssues(asArray(doc.records)),
    ...notifyIssues(asArray(doc.notify)),
  ];
}
