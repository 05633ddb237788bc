/**
 * The Route 53 side of data-plane mode as data: the health checks and failover record sets one record
 * needs. Pure; the setup adapter creates them, the plan prints them, drift compares against them and the
 * simulator evaluates them with Route 53's documented semantics.
 *
 * Per pool but the last: one inverted HTTP(S) check per plane's verdict endpoint (200 `move-away` ->
 * unhealthy; unreachable, slow or anything else -> healthy), optionally a plain check of the pool's
 * origin, and one CALCULATED check over them that the pool's PRIMARY failover record carries. Pools
 * chain: level i answers pool i as PRIMARY and, as SECONDARY, the last pool or an alias to level i+1.
 */
import type { Config, RecordSpec } from './config/model';
import type { PlaneId } from './types';
import { verdictPath } from './verdict';

export type HealthCheckRole = 'verdict' | 'origin' | 'combined';

export type EndpointCheckConfig = {
  type: 'HTTP' | 'HTTPS';
  /** Host name of the endpoint (verdict URLs, CNAME origins); IP origins use `ip`. */
  fqdn?: string;
  ip?: string;
  port: number;
  resourcePath: string;
  inverted: boolean;
  requestIntervalS: 10 | 30;
  failureThreshold: number;
};

export type CalculatedCheckConfig = {
  type: 'CALCULATED';
  /** Keys of the child checks. */
  children: string[];
  /** How many children must be healthy for this check to be healthy. */
  healthThreshold: number;
};

export interface DataPlaneHealthCheck {
  /** Stable identity: `record#pool#role[#plane]`. */
  key: string;
  record: string;
  pool: string;
  role: HealthCheckRole;
  plane?: PlaneId;
  config: EndpointCheckConfig | CalculatedCheckConfig;
}

export interface FailoverSet {
  name: string;
  type: string;
  setIdentifier: string;
  failover: 'PRIMARY' | 'SECONDARY';
  /** A plain set: its values and TTL. */
  values?: string[];
  ttl?: number;
  /** An alias to the next level of the chain, in the same zone, evaluating the target's health. */
  aliasTo?: string;
  /** Key of the health check this set carries. */
  healthCheck?: string;
}

export interface DataPlaneDesired {
  record: string;
  healthChecks: DataPlaneHealthCheck[];
  sets: FailoverSet[];
}

export const VERDICT_PLANES: readonly PlaneId[] = ['aws', 'cloudflare'];

/** The name of chain level `level` (level 0 is the record's own name). */
export function chainName(record: Pick<RecordSpec, 'name' | 'type'>, level: number): string {
  return level === 0 ? record.name : `_twinplane-chain${level}-${record.type.toLowerCase()}.${record.name}`;
}

const checkKey = (record: string, pool: string, role: HealthCheckRole, plane?: PlaneId) =>
  [record, pool, role, ...(plane ? [plane] : [])].join('#');

function endpointOf(url: string): { type: 'HTTP' | 'HTTPS'; fqdn: string; port: number; path: string } {
  const parsed = new URL(url);
  const type = parsed.protocol === 'http:' ? 'HTTP' : 'HTTPS';
  const port = parsed.port ? Number(parsed.port) : type === 'HTTPS' ? 443 : 80;
  return { type, fqdn: parsed.hostname, port, path: `${parsed.pathname}${parsed.search}` };
}

/** The health checks and failover sets of `record`; `secret` is the verdict secret's value. */
export function desiredDataPlane(config: Config, record: RecordSpec, secret: string): DataPlaneDesired {
  const spec = record.dataplane;
  if (!spec) return { record: record.key, healthChecks: [], sets: [] };
  const healthChecks: DataPlaneHealthCheck[] = [];
  const sets: FailoverSet[] = [];
  const timing = { requestIntervalS: spec.requestIntervalS, failureThreshold: spec.failureThreshold };
  const ttl = record.ttl.outage;
  const last = record.pools.length - 1;
  record.pools.forEach((pool, level) => {
    if (level === last) return;
    const children: string[] = [];
    for (const plane of VERDICT_PLANES) {
      const base = plane === 'aws' || plane === 'cloudflare' ? config.planes.verdicts?.[plane] : undefined;
      if (!base) continue;
      const endpoint = endpointOf(`${base}${verdictPath(secret, record.key, pool.name)}`);
      const key = checkKey(record.key, pool.name, 'verdict', plane);
      healthChecks.push({
        key,
        record: record.key,
        pool: pool.name,
        role: 'verdict',
        plane,
        config: {
          type: endpoint.type,
          fqdn: endpoint.fqdn,
          port: endpoint.port,
          resourcePath: endpoint.path,
          inverted: true,
          ...timing,
        },
      });
      children.push(key);
    }
    if (spec.originCheck) {
      const key = checkKey(record.key, pool.name, 'origin');
      const value = pool.values[0]!;
      healthChecks.push({
        key,
        record: record.key,
        pool: pool.name,
        role: 'origin',
        config: {
          type: spec.originCheck.protocol,
          ...(record.type === 'CNAME' ? { fqdn: value } : { ip: value }),
          port: spec.originCheck.port,
          resourcePath: spec.originCheck.path,
          inverted: false,
          ...timing,
        },
      });
      children.push(key);
    }
    const combined = checkKey(record.key, pool.name, 'combined');
    healthChecks.push({
      key: combined,
      record: record.key,
      pool: pool.name,
      role: 'combined',
      // any: one unhealthy child (a plane's move-away) makes it unhealthy; all: every child must be.
      config: { type: 'CALCULATED', children, healthThreshold: spec.rule === 'any' ? children.length : 1 },
    });
    const name = chainName(record, level);
    const base = { name, type: record.type };
    sets.push({
      ...base,
      setIdentifier: `twinplane-${pool.name}`,
      failover: 'PRIMARY',
      values: [...pool.values].sort(),
      ttl,
      healthCheck: combined,
    });
    const next = record.pools[level + 1]!;
    sets.push(
      level + 1 === last
        ? {
            ...base,
            setIdentifier: `twinplane-${next.name}`,
            failover: 'SECONDARY',
            values: [...next.values].sort(),
            ttl,
          }
        : {
            ...base,
            setIdentifier: `twinplane-chain${level + 1}`,
            failover: 'SECONDARY',
            aliasTo: chainName(record, level + 1),
          },
    );
  });
  return { record: record.key, healthChecks, sets };
}
