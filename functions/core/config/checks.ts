/** Per check type rules that the schema alone cannot express; each issue names its field. */
import { parseDuration } from '../duration';
import type { Issue } from '../errors';
import { parseJsonPath } from '../json-path';
import { isHostname, isIPv4, isIPv6 } from '../names';
import { DEFAULTS } from './model';
import { parseResolver } from './resolver';

/** The keys of a check that select its type; a check gives exactly one. */
export const checkTypes = ['http', 'dns', 'tcp', 'tls', 'openid', 'sts'] as const;

type Add = (field: string, message: string) => void;
type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isIP = (v: string) => isIPv4(v) || isIPv6(v);

function urlProblem(value: unknown, schemes: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL`;
  }
  if (!schemes.includes(url.protocol)) return `"${value}" must use ${schemes.join(' or ')}`;
  return undefined;
}

function hostOf(url: unknown): string | undefined {
  try {
    return typeof url === 'string' ? new URL(url).hostname.replace(/^\[|\]$/g, '') : undefined;
  } catch {
    return undefined;
  }
}

function latencyIssue(add: Add, spec: Fields, check: Fields) {
  if (typeof spec.maxLatency !== 'string') return;
  const max = parseDuration(spec.maxLatency);
  const timeout = parseDuration(String(check.timeout ?? DEFAULTS.timeout));
  if (max !== undefined && timeout !== undefined && max >= timeout) {
    add('maxLatency', `must be shorter than the timeout (${String(check.timeout ?? DEFAULTS.timeout)})`);
  }
}

function httpIssues(add: Add, http: Fields, check: Fields) {
  const problem = urlProblem(http.url, ['http:', 'https:']);
  if (problem) add('url', problem);
  if (typeof http.address === 'string') {
    if (!isIP(http.address)) add('address', `"${http.address}" is not an IP address`);
    const host = hostOf(http.url);
    if (host !== undefined && isIP(host))
      add('address', 'needs a URL with a host name to send as Host and SNI');
  }
  const method = http.method ?? 'GET';
  if (http.body !== undefined && method !== 'POST') add('body', `needs method POST, not ${String(method)}`);
  if (method === 'HEAD') {
    for (const key of ['bodyContains', 'bodyMatches', 'json'])
      if (http[key] !== undefined) add(key, 'a HEAD answer carries no body');
  }
  if (typeof http.bodyMatches === 'string') {
    try {
      new RegExp(http.bodyMatches);
    } catch (error) {
      add('bodyMatches', `is not a regular expression: ${(error as Error).message}`);
    }
  }
  asArray(http.json).forEach((assertion, i) => {
    if (!isObject(assertion)) return;
    if (typeof assertion.path === 'string') {
      const parsed = parseJsonPath(assertion.path);
      if (typeof parsed === 'string') add(`json[${i}].path`, parsed);
    }
    if ((assertion.equals !== undefined) === (assertion.exists !== undefined)) {
      add(`json[${i}]`, 'give exactly one of equals or exists');
    }
  });
  latencyIssue(add, http, check);
}

function expectProblem(type: string, value: string): string | undefined {
  if (type === 'A' && !isIPv4(value)) return `"${value}" is not an IPv4 address`;
  if (type === 'AAAA' && !isIPv6(value)) return `"${value}" is not an IPv6 address`;
  if ((type === 'CNAME' || type === 'NS') && !isHostname(value)) return `"${value}" is not a host name`;
  if (type === 'MX' && !/^\d{1,5} \S+$/.test(value)) return `"${value}" is not "preference host"`;
  return undefined;
}

function dnsIssues(add: Add, dns: Fields, check: Fields) {
  if (typeof dns.name === 'string' && !isHostname(dns.name)) add('name', `"${dns.name}" is not a DNS name`);
  asArray(dns.resolvers).forEach((resolver, i) => {
    if (typeof resolver !== 'string') return;
    const parsed = parseResolver(resolver);
    if (typeof parsed === 'string') add(`resolvers[${i}]`, parsed);
  });
  const type = String(dns.type ?? 'A');
  asArray(dns.expect).forEach((value, i) => {
    const problem = typeof value === 'string' ? expectProblem(type, value) : undefined;
    if (problem) add(`expect[${i}]`, problem);
  });
  if (dns.expect !== undefined && dns.rcode !== undefined && dns.rcode !== 'NOERROR') {
    add('expect', `an answer cannot be expected with rcode ${String(dns.rcode)}`);
  }
  latencyIssue(add, dns, check);
}

function hostIssue(add: Add, field: string, value: unknown, ipOnly = false) {
  if (typeof value !== 'string') return;
  if (ipOnly ? !isIP(value) : !isIP(value) && !isHostname(value)) {
    add(field, `"${value}" is not ${ipOnly ? 'an IP address' : 'a host name or IP address'}`);
  }
}

function tlsIssues(add: Add, tls: Fields) {
  hostIssue(add, 'host', tls.host);
  hostIssue(add, 'address', tls.address, true);
  const warn = typeof tls.warnDays === 'number' ? tls.warnDays : DEFAULTS.tlsWarnDays;
  const fail = typeof tls.failDays === 'number' ? tls.failDays : DEFAULTS.tlsFailDays;
  if (fail > warn) add('failDays', `must not exceed warnDays (${warn})`);
}

function stsIssues(add: Add, sts: Fields) {
  if (typeof sts.region === 'string' && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(sts.region)) {
    add('region', `"${sts.region}" is not an AWS region like us-east-1`);
  }
  const problem = urlProblem(sts.endpoint, ['http:', 'https:']);
  if (problem) add('endpoint', problem);
}

/** Issues of one check's type-specific fields and its plane list. `path` is `checks.<name>`. */
export function semanticCheckIssues(path: string, check: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const adder =
    (type: string): Add =>
    (field, message) =>
      issues.push({ path: `${path}.${type}.${field}`, message });
  if (isObject(check.http)) httpIssues(adder('http'), check.http, check);
  if (isObject(check.dns)) dnsIssues(adder('dns'), check.dns, check);
  if (isObject(check.tcp)) hostIssue(adder('tcp'), 'host', check.tcp.host);
  if (isObject(check.tls)) tlsIssues(adder('tls'), check.tls);
  if (isObject(check.openid)) {
    const problem = urlProblem(check.openid.url, ['http:', 'https:']);
    if (problem) issues.push({ path: `${path}.openid.url`, message: problem });
  }
  if (isObject(check.sts)) stsIssues(adder('sts'), check.sts);
  const planes = asArray(check.planes);
  planes.forEach((plane, i) => {
    if (planes.indexOf(plane) !== i)
      issues.push({ path: `${path}.planes[${i}]`, message: 'is listed twice' });
  });
  return issues;
}
