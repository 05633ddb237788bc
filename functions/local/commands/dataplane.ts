/**
 * The Route 53 data-plane part of `plan` and `apply`: the health checks and failover sets of records in
 * `route53: { mode: dataplane }`, planned and created from where the command runs, with its AWS
 * credentials. Runs whenever the config names Route 53, so removing the mode cleans up too.
 */
import { existsSync } from 'node:fs';
import { loadConfigFile } from '../../adapters/config-file';
import { createRoute53Client } from '../../adapters/route53/api';
import { route53SetupApi } from '../../adapters/route53/dataplane-api';
import { DataPlaneSetup } from '../../adapters/route53/dataplane-setup';
import { envSecrets } from '../../adapters/system/env-secrets';
import type { Config } from '../../core/config/model';
import type { CheckChange } from '../../core/dataplane-checks';
import { type DataPlaneDiff, diffSize } from '../../core/dataplane-diff';
import type { SetChange } from '../../core/dataplane-sets';
import { DEFAULT_CONFIG } from '../help';
import type { Style } from '../render';

export interface DataPlaneStep {
  config: Config;
  setup: DataPlaneSetup;
  diff: DataPlaneDiff;
}

/** Undefined when there is no config here or it names no Route 53 zone. */
export async function dataPlaneStep(
  file: string | undefined,
  env: Record<string, string | undefined>,
): Promise<DataPlaneStep | undefined> {
  const path = file ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  if (!path) return undefined;
  const loaded = await loadConfigFile(path);
  const route53 = loaded.ok ? loaded.config.providers.route53 : undefined;
  if (!loaded.ok || !route53) return undefined;
  const config = loaded.config;
  const verdicts = config.planes.verdicts;
  // Without records in the mode no secret is needed: the plan can only delete what is left over.
  const secret = verdicts ? await envSecrets(env)(verdicts.secret) : '';
  const setup = new DataPlaneSetup({
    api: route53SetupApi(createRoute53Client(route53.region)),
    plane: 'local',
  });
  try {
    return { config, setup, diff: await setup.plan(config, secret) };
  } catch (error) {
    // Only leftovers could be found: a config without the mode does not fail on a missing permission.
    if (config.records.some((r) => r.dataplane)) throw error;
    return undefined;
  }
}

function describeCheck(c: CheckChange): string {
  if (c.kind === 'delete') return `${c.key ?? '(untagged)'} (${c.id})`;
  if (c.kind === 'tag') return `${c.key} (${c.id}): ownership tags`;
  const cfg = c.check.config;
  // The path holds the verdict secret: never printed.
  const what =
    cfg.type === 'CALCULATED'
      ? `CALCULATED healthy when ${cfg.healthThreshold} of ${cfg.children.length} children are`
      : `${cfg.type} ${cfg.fqdn ?? cfg.ip}:${cfg.port}${cfg.inverted ? ' inverted' : ''}, every ${cfg.requestIntervalS} s, threshold ${cfg.failureThreshold}`;
  return c.kind === 'update'
    ? `${c.check.key}: ${c.fields.join(', ')} -> ${what}`
    : `${c.check.key}: ${what}`;
}

function describeSet(c: SetChange): string {
  if (c.kind === 'create-plain' || c.kind === 'delete-plain')
    return `${c.set.name} ${c.set.type} ${c.set.values.join(',')} (ttl ${c.set.ttl})`;
  const s = c.set;
  const target = s.aliasTo ? `alias ${s.aliasTo}` : `${(s.values ?? []).join(',')} (ttl ${s.ttl})`;
  const check = 'healthCheck' in s && s.healthCheck ? ` [health check ${s.healthCheck}]` : '';
  return `${s.name} ${s.type} ${s.failover} ${s.setIdentifier} ${target}${check}`;
}

/** Nothing when there is nothing to say: no change and no record in the mode. */
export function renderDataPlane({ diff, config }: DataPlaneStep, style: Style): string[] {
  const total = diffSize(diff);
  const lines: string[] = [];
  const sign = { add: style.green('+'), change: style.yellow('~'), remove: style.red('-') };
  for (const c of diff.checks.writes)
    lines.push(`  ${c.kind === 'create' ? sign.add : sign.change} health check ${describeCheck(c)}`);
  for (const z of diff.zones)
    for (const c of z.changes) {
      const mark =
        c.kind === 'delete' || c.kind === 'delete-plain'
          ? sign.remove
          : c.kind === 'upsert' && c.prev
            ? sign.change
            : sign.add;
      lines.push(`  ${mark} route53    ${describeSet(c)}`);
    }
  for (const c of diff.checks.deletes) lines.push(`  ${sign.remove} health check ${describeCheck(c)}`);
  for (const f of diff.foreign) lines.push(style.yellow(`  ! ${f}`));
  if (total === 0 && lines.length === 0 && !config.records.some((r) => r.dataplane)) return [];
  return [
    total === 0 ? 'Route 53 data plane: no changes.' : `Route 53 data plane: ${total} change(s)`,
    ...lines,
  ];
}

/** For `--json`: the same plan as data, without the verdict paths. */
export function dataPlaneJson(diff: DataPlaneDiff) {
  return {
    healthChecks: [...diff.checks.writes, ...diff.checks.deletes].map((c) => ({
      kind: c.kind,
      check: describeCheck(c),
    })),
    recordSets: diff.zones.flatMap((z) =>
      z.changes.map((c) => ({ zone: z.zone.id, kind: c.kind, set: describeSet(c) })),
    ),
    foreign: diff.foreign,
  };
}
