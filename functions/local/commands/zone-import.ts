/**
 * `twinplane zone import`: read the backup and the target, print the plan, refuse it if a safety gate
 * objects, ask (or take --yes), then apply it in batches the provider accepts.
 */

import { RequestError } from '../../core/errors';
import { applyImport } from '../../zone/apply';
import { planImport } from '../../zone/import-plan';
import type { Style } from '../render';
import type { Values, ZoneContext, ZoneIo } from './zone';
import { openEndpoint, readZoneFile, ZoneUsageError } from './zone-endpoints';
import { countOutcomes, renderImportPlan } from './zone-render';

const DEFAULT_MAX_CHANGES = 100;

function maxChanges(v: Values, ctx: ZoneContext): number {
  const text = v['max-changes'];
  if (text === undefined) return ctx.config?.safety.maxChangesPerTick ?? DEFAULT_MAX_CHANGES;
  if (typeof text !== 'string' || !/^\d+$/.test(text))
    throw new ZoneUsageError(`--max-changes: "${String(text)}" is not a whole number`);
  return Number(text);
}

export async function importZone(
  v: Values,
  positionals: string[],
  io: ZoneIo,
  style: Style,
  ctx: ZoneContext,
): Promise<number> {
  if (typeof v.to !== 'string') throw new ZoneUsageError('import needs --to PROVIDER');
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new ZoneUsageError('import needs exactly one FILE');
  const limit = maxChanges(v, ctx);
  const { name, ...options } = ctx.endpoint(v.to);
  const endpoint = openEndpoint(name, options);
  try {
    const source = await readZoneFile(file, endpoint.zone.domain);
    const actual = await endpoint.provider.read(endpoint.zone);
    const domain = endpoint.zone.domain;
    if (domain && domain !== source.origin)
      throw new RequestError([
        { path: 'FILE', message: `${file} holds ${source.origin} but ${endpoint.label} is ${domain}` },
      ]);
    const plan = planImport(
      source,
      actual,
      { provider: name, capabilities: endpoint.provider.capabilities },
      {
        owner: ctx.config?.owner ?? 'twinplane',
        overwrite: v.overwrite === true,
        prune: v.prune === true,
        maxChanges: limit,
      },
    );
    const report = (extra: Record<string, unknown>) => {
      if (!v.json) return;
      const summary = { target: endpoint.label, origin: plan.origin, counts: countOutcomes(plan) };
      io.out(JSON.stringify({ ...summary, ...extra, entries: plan.entries, unsafe: plan.unsafe }, null, 2));
    };
    if (!v.json) for (const line of renderImportPlan(plan, endpoint.label, style)) io.out(line);
    if (plan.unsafe.length > 0) {
      report({ ok: false, applied: 0, error: 'plan refused by the safety gates' });
      if (!v.json) io.err('plan refused: nothing was written (raise --max-changes, or drop --prune)');
      return 1;
    }
    if (plan.changes.length === 0 || v['dry-run']) {
      report({ ok: true, applied: 0 });
      return 0;
    }
    if (!v.yes) {
      const go = io.confirm
        ? await io.confirm(`Apply ${plan.changes.length} change(s) to ${endpoint.label}?`)
        : undefined;
      if (go === undefined) {
        report({ ok: false, applied: 0, error: 'not confirmed: pass --yes' });
        if (!v.json) io.err('nothing applied: pass --yes to apply without a terminal to ask on');
        return 1;
      }
      if (!go) {
        report({ ok: false, applied: 0, error: 'declined' });
        if (!v.json) io.err('nothing applied');
        return 1;
      }
    }
    const applied = await applyImport(endpoint.provider, endpoint.zone, plan.changes);
    report({ ok: true, applied });
    if (!v.json) io.out(style.green(`applied ${applied} change(s) to ${endpoint.label}`));
    return 0;
  } finally {
    await endpoint.close();
  }
}
