/**
 * Validation of a configuration document. Collects every issue before failing, each naming its path
 * (`records[0].pools[1].values[0]: "198.51.100.300" is not an IPv4 address`), and only then normalises.
 */
import type { z } from 'zod';
import { parseDuration } from '../duration';
import { ConfigError, type Issue } from '../errors';
import { canonicalIPv6, isHostname, isIPv4, isIPv6, normalizeName, recordKey } from '../names';
import type { ProviderName } from '../types';
import { checkTypes, semanticCheckIssues } from './checks';
import { dataPlaneIssues, normalizeDataPlane, normalizeVerdicts } from './dataplane';
import { hazardIssues } from './hazards';
import { normalizeLocalDns } from './local-dns-schema';
import { type Config, DEFAULTS, type ProviderSpec, type ZoneSpec } from './model';
import { normalizeCheck } from './normalize-check';
import { formatPath } from './path';
import { configSchema, type RawConfig } from './schema';
import { zoneFor } from './zones';

export { formatPath };

type ZodIssue = z.ZodError['issues'][number];

/**
 * A union of one-key objects (notify entries) that matched no form: name the key no form knows and the
 * keys allowed, or, when one form's key was given, that form's own errors.
 */
function unionIssues(issue: Extract<ZodIssue, { code: 'invalid_union' }>, at: PropertyKey[]): Issue[] {
  const branches = issue.errors;
  const missing = (errors: readonly ZodIssue[]) =>
    errors.find((e) => e.code === 'invalid_type' && e.path.length === 1 && e.message.endsWith('undefined'));
  const chosen = branches.filter((errors) => !missing(errors));
  if (chosen.length === 1) return zodIssues(chosen[0]!, at);
  const allowed = branches.map(missing).flatMap((e) => (e ? [String(e.path[0])] : []));
  const unknown = branches
    .map((errors) => errors.flatMap((e) => (e.code === 'unrecognized_keys' ? e.keys : [])))
    .reduce((a, b) => a.filter((k) => b.includes(k)));
  if (branches.length > 0 && allowed.length === branches.length && unknown.length > 0)
    return unknown.map((key) => ({
      path: formatPath([...at, key]),
      message: `unknown key; expected one of ${allowed.join(', ')}`,
    }));
  return [{ path: formatPath(at), message: 'does not match any allowed form' }];
}

function zodIssues(issues: readonly ZodIssue[], prefix: readonly PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const at = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...at, key]), message: 'unknown key' });
    } else if (issue.code === 'invalid_union') {
      out.push(...unionIssues(issue, at));
    } else {
      out.push({ path: formatPath(at), message: issue.message });
    }
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Checks that need more than one field at a time; run on whatever parts of the document have shape. */
function semanticIssues(doc: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const providers = isObject(doc.providers) ? doc.providers : {};
  const checks = isObject(doc.checks) ? doc.checks : {};

  for (const [provider, spec] of Object.entries(providers)) {
    if (!isObject(spec) || provider === 'local') continue;
    const single = provider === 'route53' ? 'hostedZoneId' : 'zoneId';
    const hasSingle = spec[single] !== undefined;
    const hasMany = spec.zones !== undefined;
    if (hasSingle === hasMany) add(`providers.${provider}`, `give exactly one of ${single} or zones`);
    if (isObject(spec.zones)) {
      for (const domain of Object.keys(spec.zones)) {
        if (!isHostname(domain)) add(`providers.${provider}.zones.${domain}`, 'is not a domain name');
      }
    }
  }

  for (const [name, check] of Object.entries(checks)) {
    const path = `checks.${name}`;
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(name)) {
      add(path, 'check names use lower case letters, digits, - and _');
    }
    if (!isObject(check)) continue;
    const types = checkTypes.filter((t) => check[t] !== undefined);
    if (types.length !== 1) {
      add(path, `give exactly one check type (${checkTypes.join(', ')}), found ${types.length}`);
    }
    issues.push(...semanticCheckIssues(path, check));
    const timeout = parseDuration(String(check.timeout ?? DEFAULTS.timeout));
    const interval = parseDuration(String(check.interval ?? DEFAULTS.interval));
    if (timeout !== undefined && interval !== undefined && timeout > interval) {
      add(`${path}.timeout`, `must not exceed the interval (${String(check.interval ?? DEFAULTS.interval)})`);
    }
    const confirm =
      check.confirmInterval === undefined ? undefined : parseDuration(String(check.confirmInterval));
    if (confirm !== undefined && interval !== undefined && confirm > interval) {
      add(
        `${path}.confirmInterval`,
        `must not exceed the interval (${String(check.interval ?? DEFAULTS.interval)})`,
      );
    }
    if (confirm !== undefined && confirm < 500) add(`${path}.confirmInterval`, 'must be at least 500ms');
  }

  const planes = isObject(doc.planes) ? doc.planes : {};
  const peers = isObject(planes.peers) ? planes.peers : {};
  const worker = isObject(peers.cloudflare) ? peers.cloudflare : {};
  if (worker.url !== undefined && worker.token === undefined) {
    add('planes.peers.cloudflare.token', "is needed with url: the Worker's API token, as {secret: NAME}");
  }
  if (peers.local !== undefined && peers.aws === undefined) {
    add('planes.peers.local', 'needs planes.peers.aws: the local plane publishes its beacon into that table');
  }

  const seen = new Map<string, string>();
  asArray(doc.records).forEach((record, i) => {
    const path = `records[${i}]`;
    if (!isObject(record)) return;
    const name = typeof record.name === 'string' ? record.name : undefined;
    if (name !== undefined && !isHostname(name)) add(`${path}.name`, `"${name}" is not a DNS name`);
    const type = record.type;
    if (name !== undefined && typeof type === 'string') {
      const key = recordKey(name, type);
      const earlier = seen.get(key);
      if (earlier) add(path, `${key} is already managed by ${earlier}`);
      else seen.set(key, path);
    }
    for (const [j, provider] of asArray(record.providers).entries()) {
      if (typeof provider !== 'string') continue;
      const spec = providers[provider];
      if (spec === undefined) {
        add(`${path}.providers[${j}]`, `provider "${provider}" is not configured under providers`);
      } else if (name !== undefined && isObject(spec)) {
        const zones = zonesOf(provider as ProviderName, spec);
        if (zones.length === 0) {
          add(
            `${path}.providers[${j}]`,
            `providers.${provider} names no zone: ${ZONE_HINT[provider as ProviderName]}`,
          );
        } else if (!zoneFor(zones, name)) {
          add(
            `${path}.name`,
            `"${name}" is in no ${provider} zone (${zones.map((z) => z.domain).join(', ')})`,
          );
        }
        if (
          type === 'CNAME' &&
          zones.some((z) => z.domain && normalizeName(z.domain) === normalizeName(name))
        ) {
          add(`${path}.type`, 'a CNAME cannot sit at the zone apex');
        }
      }
    }
    const usesCloudflare = asArray(record.providers).includes('cloudflare');
    const ttls =
      typeof record.ttl === 'number' ? { ttl: record.ttl } : isObject(record.ttl) ? record.ttl : {};
    for (const [which, value] of Object.entries(ttls)) {
      if (typeof value !== 'number') continue;
      const ttlPath = typeof record.ttl === 'number' ? `${path}.ttl` : `${path}.ttl.${which}`;
      const min = usesCloudflare ? 60 : 1;
      if (value < min || value > 86_400) {
        add(
          ttlPath,
          `${value} is out of range: ${min}..86400 seconds${usesCloudflare ? ' (Cloudflare needs >= 60)' : ''}`,
        );
      }
    }
    const poolNames = new Set<string>();
    asArray(record.pools).forEach((pool, j) => {
      const poolPath = `${path}.pools[${j}]`;
      if (!isObject(pool)) return;
      if (typeof pool.name === 'string') {
        if (poolNames.has(pool.name)) add(`${poolPath}.name`, `pool "${pool.name}" is listed twice`);
        poolNames.add(pool.name);
      }
      const values = asArray(pool.values);
      if (type === 'CNAME' && values.length > 1) add(`${poolPath}.values`, 'a CNAME takes exactly one value');
      values.forEach((value, k) => {
        if (typeof value !== 'string') return;
        const problem = valueProblem(String(type), value);
        if (problem) add(`${poolPath}.values[${k}]`, problem);
      });
      asArray(pool.checks).forEach((check, k) => {
        if (typeof check === 'string' && !Object.hasOwn(checks, check)) {
          add(`${poolPath}.checks[${k}]`, `check "${check}" is not defined under checks`);
        }
      });
      if (pool.cloudflare !== undefined && !usesCloudflare) {
        add(`${poolPath}.cloudflare`, 'is set but the record does not use the cloudflare provider');
      }
    });
  });
  issues.push(...dataPlaneIssues(doc));
  return issues;
}

function valueProblem(type: string, value: string): string | undefined {
  if (type === 'A' && !isIPv4(value)) return `"${value}" is not an IPv4 address`;
  if (type === 'AAAA' && !isIPv6(value)) return `"${value}" is not an IPv6 address`;
  if (type === 'CNAME' && !isHostname(value)) return `"${value}" is not a host name`;
  return undefined;
}

const ZONE_HINT: Record<ProviderName, string> = {
  route53: 'give hostedZoneId, or zones for several',
  cloudflare: 'give zoneId, or zones for several',
  local: 'give zone',
};

function zonesOf(provider: ProviderName, spec: Record<string, unknown>): ZoneSpec[] {
  if (provider === 'local')
    return typeof spec.zone === 'string' ? [{ id: spec.zone, domain: spec.zone }] : [];
  // Route 53 answers ids as `/hostedzone/Z…`; either form is accepted, the bare id is kept.
  const bare = (id: unknown) => String(id).replace(/^\/hostedzone\//, '');
  const single = provider === 'route53' ? spec.hostedZoneId : spec.zoneId;
  if (typeof single === 'string') return [{ id: bare(single) }];
  if (isObject(spec.zones)) {
    return Object.entries(spec.zones).map(([domain, id]) => ({
      id: bare(id),
      domain: normalizeName(domain),
    }));
  }
  return [];
}

export { zoneFor };

function normalize(raw: RawConfig): Config {
  const ms = (text: string) => parseDuration(text) as number;
  const checks: Config['checks'] = {};
  for (const [name, check] of Object.entries(raw.checks)) checks[name] = normalizeCheck(name, check);
  const providers: Config['providers'] = {};
  for (const [provider, spec] of Object.entries(raw.providers)) {
    if (!spec) continue;
    const out: ProviderSpec = { zones: zonesOf(provider as ProviderName, spec as Record<string, unknown>) };
    if ('region' in spec && spec.region) out.region = spec.region;
    if ('apiToken' in spec && spec.apiToken) out.apiToken = spec.apiToken;
    if ('dns' in spec && spec.dns) out.dns = normalizeLocalDns(spec.dns);
    providers[provider as ProviderName] = out;
  }
  const intervals = Object.values(checks).map((c) => c.intervalMs);
  return {
    owner: raw.owner ?? DEFAULTS.owner,
    planes: {
      leader: raw.planes?.leader ?? DEFAULTS.leader,
      takeoverAfterMs: ms(raw.planes?.takeoverAfter ?? DEFAULTS.takeoverAfter),
      agreement: raw.planes?.agreement ?? DEFAULTS.agreement,
      observationMaxAgeMs: ms(raw.planes?.observationMaxAge ?? DEFAULTS.observationMaxAge),
      tickIntervalMs: raw.planes?.tickInterval
        ? ms(raw.planes.tickInterval)
        : Math.min(...intervals, ms(DEFAULTS.interval)),
      peers: raw.planes?.peers ?? {},
      ...(raw.planes?.verdicts ? { verdicts: normalizeVerdicts(raw.planes) } : {}),
    },
    providers,
    checks,
    records: raw.records.map((r) => ({
      key: recordKey(r.name, r.type),
      name: normalizeName(r.name),
      type: r.type,
      // In data-plane mode Route 53 moves the name itself; the tick rewrites the other providers only.
      providers: [...new Set(r.providers)].filter((p) => !(p === 'route53' && normalizeDataPlane(r))),
      ...(normalizeDataPlane(r) ? { dataplane: normalizeDataPlane(r) } : {}),
      ttl: typeof r.ttl === 'number' ? { normal: r.ttl, outage: r.ttl } : (r.ttl ?? { ...DEFAULTS.ttl }),
      pools: r.pools.map((p) => ({
        name: p.name,
        values:
          r.type === 'CNAME'
            ? p.values.map(normalizeName)
            : r.type === 'AAAA'
              ? p.values.map(canonicalIPv6)
              : [...p.values],
        checks: [...p.checks],
        proxied: p.cloudflare?.proxied ?? false,
      })),
      failback: {
        mode: r.failback?.mode ?? 'auto',
        afterMs: ms(r.failback?.after ?? DEFAULTS.failbackAfter),
      },
    })),
    notify: (raw.notify ?? []).map((n) => {
      if ('slack' in n) return { kind: 'slack' as const, webhook: n.slack.webhook };
      if ('teams' in n) return { kind: 'teams' as const, webhook: n.teams.webhook };
      if ('webhook' in n) return { kind: 'webhook' as const, ...n.webhook };
      return { kind: 'sns' as const, topicArn: n.sns.topicArn };
    }),
    safety: {
      maxChangesPerTick: raw.safety?.maxChangesPerTick ?? DEFAULTS.maxChangesPerTick,
      dryRun: raw.safety?.dryRun ?? false,
    },
  };
}

export type ValidationResult = { ok: true; config: Config } | { ok: false; issues: Issue[] };

/** Validates a parsed document (from YAML or JSON). Never throws for bad input. */
export function validateConfig(input: unknown): ValidationResult {
  if (!isObject(input))
    return { ok: false, issues: [{ path: '', message: 'the configuration must be a mapping' }] };
  const parsed = configSchema.safeParse(input);
  const issues = [
    ...(parsed.success ? [] : zodIssues(parsed.error.issues)),
    ...semanticIssues(input),
    ...hazardIssues(input),
  ];
  const unique = [...new Map(issues.map((i) => [`${i.path}\u0000${i.message}`, i])).values()];
  if (unique.length > 0 || !parsed.success) return { ok: false, issues: unique };
  return { ok: true, config: normalize(parsed.data) };
}

/** Validates and returns the resolved config, or throws ConfigError listing every issue. */
export function parseConfig(input: unknown): Config {
  const result = validateConfig(input);
  if (!result.ok) throw new ConfigError(result.issues);
  return result.config;
}
