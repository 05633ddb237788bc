/** Configs that pass the schema but would break a running plane: each is refused naming the field. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { backtrackingProblem } from '../../../functions/core/config/regex-safety';
import { validateConfig } from '../../../functions/core/config/validate';

type Doc = Record<string, unknown>;
/** The object at a path of the document, to mutate in place. */
const at = (doc: Doc, ...keys: (string | number)[]): Doc =>
  keys.reduce<Doc>((o, k) => (o as Record<string | number, unknown>)[k] as Doc, doc);
const example: Doc = parse(
  readFileSync(new URL('../../../examples/twinplane.yaml', import.meta.url), 'utf8'),
);
const fresh = (): Doc => structuredClone(example);

function issuesOf(mutate: (doc: Doc) => void): string[] {
  const doc = fresh();
  mutate(doc);
  const result = validateConfig(doc);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}

const cnameRecord = (name: string, value: string) => ({
  name,
  type: 'CNAME',
  providers: ['route53'],
  pools: [
    { name: 'primary', values: [value], checks: ['primary-health'] },
    { name: 'secondary', values: ['backup.example.net'], checks: ['secondary-health'] },
  ],
});

describe('config hazards', () => {
  it('the example has none', () => {
    expect(issuesOf(() => {})).toEqual([]);
  });

  it.each<[string, (doc: Doc) => void, string]>([
    [
      'tickInterval 0',
      (d) => (at(d, 'planes').tickInterval = '0s'),
      'planes.tickInterval: must be longer than 0',
    ],
    [
      'tickInterval past the timer limit',
      (d) => (at(d, 'planes').tickInterval = '25d'),
      'planes.tickInterval: "25d" is longer',
    ],
    [
      'interval 0',
      (d) => (at(d, 'checks', 'primary-health').interval = '0ms'),
      'checks.primary-health.interval: must be longer than 0',
    ],
    [
      'interval past the timer limit',
      (d) => {
        at(d, 'checks', 'primary-health').interval = '30d';
      },
      'checks.primary-health.interval: "30d" is longer',
    ],
    [
      'timeout 0s',
      (d) => (at(d, 'checks', 'primary-health').timeout = '0s'),
      'checks.primary-health.timeout: must be longer than 0',
    ],
    [
      'a check named constructor',
      (d) => {
        Object.assign(at(d, 'checks'), { constructor: at(d, 'checks', 'secondary-health') });
      },
      'checks.constructor: "constructor" is reserved',
    ],
    [
      'a pool check named toString',
      (d) => {
        at(d, 'records', 0, 'pools', 0).checks = ['toString'];
      },
      'records[0].pools[0].checks[0]: check "toString" is not defined under checks',
    ],
    [
      'a pool check named __proto__',
      (d) => {
        at(d, 'records', 0, 'pools', 0).checks = ['__proto__'];
      },
      'records[0].pools[0].checks[0]: check "__proto__" is not defined under checks',
    ],
    [
      'route53 zones value "*"',
      (d) => {
        at(d, 'providers').route53 = { zones: { 'example.com': '*' } };
      },
      'providers.route53.zones.example.com: must be a Route 53 hosted zone id',
    ],
    [
      'route53 zones value that is no zone id',
      (d) => {
        at(d, 'providers').route53 = { zones: { 'example.com': 'hostedzone/abc def' } };
      },
      'providers.route53.zones.example.com: must be a Route 53 hosted zone id',
    ],
    [
      'cloudflare zones value "*"',
      (d) => {
        at(d, 'providers', 'cloudflare').zoneId = undefined;
        at(d, 'providers', 'cloudflare').zones = { 'example.com': '*' };
      },
      'providers.cloudflare.zones.example.com: must be a 32 character Cloudflare zone id',
    ],
    [
      'a value listed twice in a pool',
      (d) => {
        at(d, 'records', 0, 'pools', 1).values = ['198.51.100.7', '198.51.100.7'];
      },
      'records[0].pools[1].values[1]: "198.51.100.7" is listed twice',
    ],
    [
      'an AAAA value listed twice in two spellings',
      (d) => {
        at(d, 'records', 0).type = 'AAAA';
        at(d, 'records', 0, 'pools', 0).values = ['2001:db8::1', '2001:DB8:0::1'];
        at(d, 'records', 0, 'pools', 1).values = ['2001:db8::2'];
      },
      'records[0].pools[0].values[1]: "2001:DB8:0::1" is listed twice',
    ],
    [
      'A and CNAME on one name',
      (d) => {
        (d.records as unknown[]).push(cnameRecord('APP.example.com.', 'other.example.net'));
      },
      'records[1].type: app.example.com also has a A record (records[0])',
    ],
    [
      'a CNAME to itself',
      (d) => {
        (d.records as unknown[]).push(cnameRecord('www.example.com', 'WWW.example.com.'));
      },
      'records[1].pools[0].values[0]: a CNAME cannot point at its own name (www.example.com)',
    ],
    [
      'a webhook url that is not a URL',
      (d) => {
        d.notify = [{ webhook: { url: 'hooks.example.com/twinplane' } }];
      },
      'notify[0].webhook.url: "hooks.example.com/twinplane" is not an http(s) URL',
    ],
    [
      'a webhook url that is not http(s)',
      (d) => {
        d.notify = [{ webhook: { url: 'file:///etc/passwd' } }];
      },
      'notify[0].webhook.url: "file:///etc/passwd" is not an http(s) URL',
    ],
    [
      'a header name with a space',
      (d) => {
        at(d, 'checks', 'primary-health', 'http').headers = { 'x token': 'a' };
      },
      'checks.primary-health.http.headers: ""x token"" is not a header name',
    ],
    [
      'a header name with CRLF',
      (d) => {
        at(d, 'checks', 'primary-health', 'http').headers = { 'x-a\r\nx-b': 'a' };
      },
      'checks.primary-health.http.headers: ""x-a\\r\\nx-b"" is not a header name',
    ],
    [
      'a header value with CRLF',
      (d) => {
        at(d, 'checks', 'primary-health', 'http').headers = { 'x-a': 'ok\r\nx-injected: 1' };
      },
      'checks.primary-health.http.headers.x-a: must not contain CR, LF or NUL',
    ],
    [
      'bodyMatches with nested quantifiers',
      (d) => {
        at(d, 'checks', 'primary-health', 'http').bodyMatches = '^(a+)+$';
      },
      'checks.primary-health.http.bodyMatches: repeats a group that itself repeats',
    ],
  ])('refuses %s', (_, mutate, expected) => {
    const found = issuesOf(mutate);
    expect(
      found.some((line) => line.startsWith(expected)),
      `${expected}\nin\n${found.join('\n')}`,
    ).toBe(true);
  });
});

describe('backtrackingProblem', () => {
  it.each([
    '(a+)+$',
    '(a*)*b',
    '(?:\\w+\\s?){2,}$',
    '((ab)*c)+',
    '(.*a){12}',
    '(a|a)*$',
    '(a|ab)+c',
    '(x|)*y',
    '(?<word>\\w+) \\k<word>',
    '(a)\\1',
  ])('refuses %s', (pattern) => {
    expect(backtrackingProblem(pattern)).toBeDefined();
  });

  it.each([
    '"status":\\s*"ok"',
    '^OK$',
    '(?:foo|bar)+',
    'build-[0-9a-f]{7,40}',
    '(a+)?b',
    '[(+*]+x',
    '\\(a+\\)+',
    'v\\d+\\.\\d+',
  ])('allows %s', (pattern) => {
    expect(backtrackingProblem(pattern)).toBeUndefined();
  });
});
