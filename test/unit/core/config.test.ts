import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../functions/adapters/config-file';
import { parseConfig, validateConfig } from '../../../functions/core/config/validate';
import { parseDuration } from '../../../functions/core/duration';
import { ConfigError } from '../../../functions/core/errors';
import { configJsonSchema } from '../../../functions/local/schema';

const example = readFileSync(new URL('../../../examples/twinplane.yaml', import.meta.url), 'utf8');

function issuesOf(text: string) {
  const result = parseConfigText(text, 'twinplane.yaml');
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('config', () => {
  it('accepts the documented example and applies defaults', () => {
    const result = parseConfigText(example);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.owner).toBe('acme-prod');
    expect(config.planes).toMatchObject({ leader: 'aws', takeoverAfterMs: 180_000, agreement: 'majority' });
    expect(config.checks['secondary-health']).toMatchObject({
      timeoutMs: 5_000,
      intervalMs: 30_000,
      failureThreshold: 3,
      successThreshold: 2,
    });
    expect(config.records[0]).toMatchObject({
      key: 'app.example.com/A',
      failback: { mode: 'auto', afterMs: 600_000 },
    });
    expect(config.records[0]!.pools[1]!.proxied).toBe(true);
    expect(config.providers.route53!.zones).toEqual([{ id: 'Z0123456789ABC' }]);
  });

  it('reports every error at once, each naming its path', () => {
    const broken = example
      .replace('198.51.100.7', '198.51.100.300')
      .replace('[secondary-health]', '[secondary-healthz]')
      .replace('    type: A', '    type: A\n    colour: blue')
      .replace('timeout: 5s', 'timeout: 45s')
      .replace('after: 10m', 'after: soon')
      .replace('ttl: { normal: 300, outage: 60 }', 'ttl: { normal: 300, outage: 30 }');
    expect(issuesOf(broken).sort()).toEqual(
      [
        'records[0].pools[1].values[0]: "198.51.100.300" is not an IPv4 address',
        'records[0].pools[1].checks[0]: check "secondary-healthz" is not defined under checks',
        'records[0].colour: unknown key',
        'checks.primary-health.timeout: must not exceed the interval (30s)',
        'records[0].failback.after: must be a duration like 250ms, 30s, 5m or 1h',
        'records[0].ttl.outage: 30 is out of range: 60..86400 seconds (Cloudflare needs >= 60)',
      ].sort(),
    );
  });

  it.each([
    [
      'a notify entry of no known kind',
      (t: string) => t.replace('  - slack: {', '  - slak: {'),
      'notify[0].slak: unknown key; expected one of slack, teams, webhook, sns',
    ],
    [
      'a notify entry of a known kind with a bad field',
      (t: string) =>
        t.replace('  - slack: { webhook: { secret: SLACK_WEBHOOK_URL } }', '  - webhook: { url: 3 }'),
      'notify[0].webhook.url: Invalid input: expected string, received number',
    ],
    [
      'a provider that is not configured',
      (t: string) => t.replace('  route53: { hostedZoneId: Z0123456789ABC }\n', ''),
      'records[0].providers[0]: provider "route53" is not configured under providers',
    ],
    [
      'one pool',
      (t: string) => t.replace(/ {6}- \{ name: secondary.*\n/, ''),
      'records[0].pools: must list at least two pools',
    ],
    [
      'an AAAA value that is IPv4',
      (t: string) => t.replace('type: A', 'type: AAAA'),
      'records[0].pools[0].values[0]: "192.0.2.44" is not an IPv6 address',
    ],
    [
      'a bad zone id',
      (t: string) => t.replace('Z0123456789ABC', 'zone-1'),
      'providers.route53.hostedZoneId: must be a Route 53 hosted zone id like Z0123456789ABC',
    ],
    [
      'a check with no type',
      (t: string) => t.replace('    http: { url: https://secondary.example.com/health }', '    timeout: 1s'),
      'checks.secondary-health: give exactly one check type (http, dns, tcp, tls, openid, sts), found 0',
    ],
    [
      'a non-http URL',
      (t: string) => t.replace('https://secondary.example.com/health', 'ftp://secondary.example.com/'),
      'checks.secondary-health.http.url: "ftp://secondary.example.com/" must use http: or https:',
    ],
    [
      'a duplicate pool name',
      (t: string) => t.replace('name: secondary', 'name: primary'),
      'records[0].pools[1].name: pool "primary" is listed twice',
    ],
    [
      'an unknown leader',
      (t: string) => t.replace('leader: aws', 'leader: gcp'),
      'planes.leader: Invalid option: expected one of "aws"|"cloudflare"|"local"',
    ],
  ])('rejects %s', (_name, mutate, expected) => {
    expect(issuesOf(mutate(example))).toContain(expected);
  });

  it('accepts a hosted zone id as Route 53 answers it, and keeps the bare id', () => {
    const result = parseConfigText(example.replace('Z0123456789ABC', '/hostedzone/Z0123456789ABC'));
    expect(result.ok && result.config.providers.route53!.zones).toEqual([{ id: 'Z0123456789ABC' }]);
  });

  it('needs the AWS table before the local plane can publish its beacon there', () => {
    const text = example.replace(
      'planes: { leader: aws, takeoverAfter: 3m }',
      'planes: { leader: aws, peers: { local: { via: aws } } }',
    );
    expect(issuesOf(text)).toEqual([
      'planes.peers.local: needs planes.peers.aws: the local plane publishes its beacon into that table',
    ]);
  });

  it('rejects a record outside every zone of its provider', () => {
    const text = example.replace(
      'route53: { hostedZoneId: Z0123456789ABC }',
      'route53: { zones: { example.org: Z0123456789ABC } }',
    );
    expect(issuesOf(text)).toContain(
      'records[0].name: "app.example.com" is in no route53 zone (example.org)',
    );
  });

  it('names line and column for text that is not YAML', () => {
    expect(issuesOf('records:\n  - name: [oops\n')).toEqual([
      'twinplane.yaml:3:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('rejects a document that is not a mapping', () => {
    expect(validateConfig([1, 2])).toEqual({
      ok: false,
      issues: [{ path: '', message: 'the configuration must be a mapping' }],
    });
  });

  it('throws ConfigError carrying the issues from parseConfig', () => {
    expect(() => parseConfig({})).toThrow(ConfigError);
    try {
      parseConfig({});
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.path)).toEqual(
        expect.arrayContaining(['providers', 'checks', 'records']),
      );
    }
  });

  it('ships schema/twinplane.schema.json as generated (npm run schema)', () => {
    const shipped = readFileSync(new URL('../../../schema/twinplane.schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(shipped)).toEqual(configJsonSchema());
  });

  it('generates a JSON Schema from the same source', () => {
    const schema = configJsonSchema() as {
      properties: Record<string, { description?: string }>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(schema.required).toEqual(expect.arrayContaining(['providers', 'checks', 'records']));
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['planes', 'providers', 'checks', 'records', 'notify', 'safety']),
    );
  });

  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5s', 1_500],
    ['soon', undefined],
    ['5', undefined],
  ])('parses the duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});
