/** Parses the manual commands' arguments and runs them against the chosen plane. */
import type { ParseArgsOptionsConfig } from 'node:util';
import { diffSize } from '../../core/dataplane-diff';
import { type ManualReport, notApplied, type StatusReport } from '../../core/manual';
import type { RecordReport } from '../../core/reconcile';
import type { Transition } from '../../core/types';
import { parseCommand, UsageProblem } from '../args';
import type { Style } from '../render';
import { type DataPlaneStep, dataPlaneJson, dataPlaneStep, renderDataPlane } from './dataplane';
import { type ManualIo, planProblems, refused, renderPlan, renderStatus, send, targetFor } from './manual';

const PLANE_OPTIONS = {
  plane: { type: 'string', default: 'local' },
  config: { type: 'string', short: 'c' },
  state: { type: 'string', default: '.twinplane' },
  function: { type: 'string', default: 'twinplane-dev-control' },
  url: { type: 'string' },
  json: { type: 'boolean', default: false },
} satisfies ParseArgsOptionsConfig;

const EXTRA: Record<string, ParseArgsOptionsConfig> = {
  failover: { pool: { type: 'string' }, force: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  failback: { force: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  pin: { pool: { type: 'string' }, until: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  unpin: { 'dry-run': { type: 'boolean' } },
  history: { record: { type: 'string' }, limit: { type: 'string' } },
  apply: { yes: { type: 'boolean' }, force: { type: 'boolean' } },
};

export async function manualCommand(
  command: string,
  argv: string[],
  io: ManualIo,
  style: Style,
): Promise<number> {
  const parsed = parseCommand(command, argv, { ...PLANE_OPTIONS, ...EXTRA[command] });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const options = {
    plane: String(v.plane),
    ...(typeof v.config === 'string' ? { config: v.config } : {}),
    state: String(v.state),
    function: String(v.function),
    ...(typeof v.url === 'string' ? { url: v.url } : {}),
    json: v.json === true,
    unsafe: command === 'apply' && v.force === true,
  };
  const record = parsed.positionals[0];
  const manual = ['failover', 'failback', 'pin', 'unpin'].includes(command);
  if (manual && !record)
    throw new UsageProblem(`${command} needs a RECORD (a name such as app.example.com)`, command);
  if (command === 'pin' && typeof v.pool !== 'string')
    throw new UsageProblem('pin needs --pool POOL', command);
  if (command === 'apply' && v.force && options.plane !== 'local')
    throw new UsageProblem('--force applies on the local plane only', command);
  if (typeof v.limit === 'string' && !/^[1-9]\d*$/.test(v.limit)) {
    throw new UsageProblem(`--limit: "${v.limit}" is not a positive integer`, command);
  }
  const target = await targetFor(options, io);
  const dataplane =
    command === 'plan' || command === 'apply' ? await dataPlaneStep(options.config, io.env) : undefined;

  if (command === 'apply') return apply(target, io, style, options.json, v.yes === true, dataplane);
  const request: Record<string, unknown> = { action: command };
  if (manual) request.record = record;
  if (typeof v.pool === 'string') request.pool = v.pool;
  if (v.force === true) request.force = true;
  if (typeof v.until === 'string') request.until = v.until;
  if (v['dry-run'] === true) request.dryRun = true;
  if (command === 'history' && typeof v.record === 'string') request.record = v.record;
  if (command === 'history' && typeof v.limit === 'string') request.limit = Number(v.limit);
  const answer = await send(target, request, io);
  if (!answer.ok) return refused(answer, io, options.json);
  // A plan that could not read a provider is incomplete: it must not look like "no changes".
  const incomplete =
    command === 'plan' && planProblems((answer.result as { records: RecordReport[] }).records).length > 0;
  if (options.json) {
    const result = dataplane
      ? { ...(answer.result as object), dataplane: dataPlaneJson(dataplane.diff) }
      : answer.result;
    io.out(JSON.stringify(result, null, 2));
    return incomplete ? 1 : 0;
  }
  if (command === 'status')
    for (const line of renderStatus(answer.result as StatusReport, style)) io.out(line);
  else if (command === 'plan') {
    const plan = answer.result as { records: RecordReport[]; refused: string[] };
    for (const line of renderPlan(plan.records, plan.refused, style)) io.out(line);
    for (const line of dataplane ? renderDataPlane(dataplane, style) : []) io.out(line);
    if (incomplete) return 1;
  } else if (command === 'history') {
    const items = answer.result as Transition[];
    if (items.length === 0) io.out('no transitions recorded');
    for (const t of items)
      io.out(
        `${new Date(t.at).toISOString()} ${t.record} ${t.kind} ${t.from} -> ${t.to} (epoch ${t.epoch}, ${t.plane}): ${t.reason}`,
      );
  } else {
    const { record: r, dryRun } = answer.result as { record: RecordReport; dryRun: boolean };
    const applied = r.providers.filter((p) => p.applied).map((p) => p.provider);
    const where = `${r.activePool} (epoch ${r.epoch})${r.pinned ? `, pinned to ${r.pinned}` : ''}`;
    io.out(
      `${r.record}: ${r.decision === 'stay' ? `already ${where}, nothing to do` : where}${dryRun ? ' [dry run]' : ''}`,
    );
    if (r.decision !== 'stay' && r.decision !== 'update') io.out(`  ${r.reason}`);
    if (applied.length) io.out(`  applied to ${applied.join(', ')}`);
    for (const p of r.providers.filter((x) => x.error || x.foreign))
      io.out(style.yellow(`  ${p.provider}: ${p.error ?? p.foreign}`));
    if (notApplied(answer.result as ManualReport)) return 1;
  }
  return 0;
}

async function apply(
  target: Awaited<ReturnType<typeof targetFor>>,
  io: ManualIo,
  style: Style,
  json: boolean,
  yes: boolean,
  dataplane: DataPlaneStep | undefined,
): Promise<number> {
  const planned = await target.send({ action: 'plan' });
  if (!planned.ok) return refused(planned, io, json);
  const plan = planned.result as { records: RecordReport[]; refused: string[] };
  for (const line of renderPlan(plan.records, plan.refused, style)) io.out(line);
  for (const line of dataplane ? renderDataPlane(dataplane, style) : []) io.out(line);
  if (plan.refused.length > 0) {
    io.err('the plan is unsafe; nothing was applied (apply --force lifts the change cap on the local plane)');
    return 1;
  }
  if (!yes) {
    if (!io.confirm) {
      io.err('not on a terminal: nothing applied; pass --yes to apply');
      return 1;
    }
    if (!(await io.confirm('Apply this plan?'))) {
      io.err('nothing applied');
      return 1;
    }
  }
  // The data-plane sets first: the tick leaves those records' Route 53 side to them.
  if (dataplane && diffSize(dataplane.diff) > 0) {
    const done = await dataplane.setup.apply(dataplane.diff, dataplane.config.owner);
    io.out(
      `Route 53 data plane: ${done.created.length} health check(s) created, ${done.updated.length} updated, ${done.deleted.length} deleted, ${Object.values(done.sets).reduce((a, b) => a + b, 0)} record set change(s)`,
    );
  }
  const answer = await send(target, { action: 'run' }, io);
  if (!answer.ok) return refused(answer, io, json);
  const report = answer.result as { records: RecordReport[] };
  for (const r of report.records)
    io.out(`${r.record}: ${r.activePool} (epoch ${r.epoch}) ${r.committed ? 'committed' : ''} ${r.reason}`);
  return 0;
}
