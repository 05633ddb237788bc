/**
 * Route 53 data-plane mode in the config: the checks that span several fields, and the normalised
 * DataPlaneSpec. A record in this mode keeps route53 out of the providers the tick rewrites.
 */
import type { Issue } from '../errors';
import type { DataPlaneSpec } from './model';
import type { RawConfig, RawRecord } from './schema';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const DATAPLANE_DEFAULTS = { rule: 'any', failureThreshold: 3, requestIntervalS: 10 } as const;

export function isDataPlane(record: unknown): boolean {
  return isObject(record) && isObject(record.route53) && record.route53.mode === 'dataplane';
}

/** Issues of data-plane mode across the document: verdict endpoints present, route53 listed. */
export function dataPlaneIssues(doc: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const records = Array.isArray(doc.records) ? doc.records : [];
  const planes = isObject(doc.planes) ? doc.planes : {};
  const verdicts = isObject(planes.verdicts) ? planes.verdicts : undefined;
  let any = false;
  records.forEach((record, i) => {
    if (!isObject(record) || !isObject(record.route53)) return;
    const path = `records[${i}].route53`;
    const options = ['rule', 'failureThreshold', 'requestInterval', 'originCheck'];
    if (record.route53.mode !== 'dataplane') {
      for (const key of options.filter(
        (k) => record.route53 !== undefined && k in (record.route53 as object),
      )) {
        issues.push({ path: `${path}.${key}`, message: 'applies to mode dataplane only' });
      }
      return;
    }
    any = true;
    if (!Array.isArray(record.providers) || !record.providers.includes('route53')) {
      issues.push({ path: `${path}.mode`, message: 'dataplane needs route53 in the record providers' });
    }
  });
  if (!any) return issues;
  if (!verdicts) {
    issues.push({
      path: 'planes.verdicts',
      message: 'records in route53 mode dataplane need verdict endpoints (planes.verdicts)',
    });
  } else if (verdicts.aws === undefined && verdicts.cloudflare === undefined) {
    issues.push({ path: 'planes.verdicts', message: 'give at least one of aws or cloudflare' });
  }
  return issues;
}

export function normalizeDataPlane(record: RawRecord): DataPlaneSpec | undefined {
  const raw = record.route53;
  if (raw?.mode !== 'dataplane') return undefined;
  const spec: DataPlaneSpec = {
    rule: raw.rule ?? DATAPLANE_DEFAULTS.rule,
    failureThreshold: raw.failureThreshold ?? DATAPLANE_DEFAULTS.failureThreshold,
    requestIntervalS: raw.requestInterval ?? DATAPLANE_DEFAULTS.requestIntervalS,
  };
  if (raw.originCheck) {
    const protocol = raw.originCheck.protocol ?? 'HTTPS';
    spec.originCheck = {
      protocol,
      port: raw.originCheck.port ?? (protocol === 'HTTPS' ? 443 : 80),
      path: raw.originCheck.path ?? '/',
    };
  }
  return spec;
}

/** The verdict endpoints, base URLs without a trailing slash. */
export function normalizeVerdicts(raw: RawConfig['planes']): NonNullable<RawConfig['planes']>['verdicts'] {
  const v = raw?.verdicts;
  if (!v) return undefined;
  const trim = (url: string | undefined) => url?.replace(/\/+$/, '');
  return {
    secret: v.secret,
    ...(v.aws ? { aws: trim(v.aws) } : {}),
    ...(v.cloudflare ? { cloudflare: trim(v.cloudflare) } : {}),
  };
}
