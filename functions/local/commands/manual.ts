/**
 * `twinplane status | failover | failback | pin | unpin | history | plan | apply` against a chosen plane:
 * --plane local (the state directory), aws (Lambda Invoke of the control function) or cloudflare (the
 * Worker's API). Exit 0 ok, 1 refused or failed.
 */
import { existsSync } from 'node:fs';
import { loadConfigFile } from '../../adapters/config-file';
import { envSecrets } from '../../adapters/system/env-secrets';
import { formatDuration } from '../../core/duration';
import { ConfigError, formatIssues } from '../../core/errors';
import type { StatusReport } from '../../core/manual';
import { silentLogger } from '../../core/ports';
import type { RecordReport } from '../../core/reconcile';
import type { Transition } from '../../core/types';
import { UsageProblem } from '../args';
import { DEFAULT_CONFIG } from '../help';
import { localPeers } from '../peers';
import { cloudProviders } from '../providers';
import { type Style, time } from '../render';
import { type Answer, type ControlTarget, lambdaTarget, localTarget, workerTarget } from '../targets';

export interface ManualIo {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Asks a yes/no question; absent when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
}

export interface ManualOptions {
  plane: string;
  config?: string;
  state: string;
  function: string;
  url?: string;
  json: boolean;
  /** Lift the change cap for this run (apply --force, local plane only). */
  unsafe?: boolean;
}

export { UsageProblem };

export async function targetFor(options: ManualOptions, io: ManualIo): Promise<ControlTarget> {
  switch (options.plane) {
    case 'local': {
      const file = options.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
      if (!file)
        throw new UsageProblem(`--plane local needs --config FILE (there is no ./${DEFAULT_CONFIG} here)`);
      const loaded = await loadConfigFile(file);
      if (!loaded.ok) throw new ConfigError(loaded.issues, { source: file });
      if (options.unsafe) loaded.config.safety.maxChangesPerTick = Number.MAX_SAFE_INTEGER;
      const secrets = envSecrets(io.env);
      return localTarget(
        loaded.config,
        options.state,
        await localPeers(loaded.config, secrets),
        await cloudProviders(loaded.config, secrets, silentLogger, io.env),
      );
    }
    case 'aws':
      return lambdaTarget(options.function);
    case 'cloudflare': {
      const url = options.url ?? io.env.TWINPLANE_WORKER_URL;
      const token = io.env.TWINPLANE_API_TOKEN;
      if (!url)
        throw new UsageProblem('--plane cloudflare needs --url https://<worker> (or TWINPLANE_WORKER_URL)');
      if (!token) throw new UsageProblem('--plane cloudflare needs the API token in TWINPLANE_API_TOKEN');
      return workerTarget(url, token);
    }
    default:
      throw new UsageProblem(`--plane: "${options.plane}" is not one of local, aws, cloudflare`);
  }
}

/** Shows what is going on while a remote plane answers, on a terminal only. */
async function withProgress<T>(io: ManualIo, label: string, work: Promise<T>): Promise<T> {
  if (!io.isTTY) return work;
  const frames = ['|', '/', '-', '\\'];
  let i = 0;
  const timer = setInterval(() => process.stderr.write(`\r${frames[i++ % frames.length]} ${label}`), 120);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    process.stderr.write(`\r${' '.repeat(label.length + 2)}\r`);
  }
}

export async function send(
  target: ControlTarget,
  request: Record<string, unknown>,
  io: ManualIo,
): Promise<Answer> {
  try {
    return await withProgress(io, `asking the ${target.name}`, target.send(request));
  } finally {
    await target.close?.();
  }
}

/** Request fields as the CLI's options: `force: true` is `--force`, `pool: "b"` is `--pool b`. */
export const cliWording = (field: string, value: unknown) =>
  value === true ? `--${field}` : `--${field} ${String(value)}`;

export function refused(answer: Extract<Answer, { ok: false }>, io: ManualIo, json: boolean): number {
  const { error } = answer;
  if (json) io.out(JSON.stringify({ ok: false, error }, null, 2));
  else
    io.err(
      error.issues?.length ? `${error.message}\n${formatIssues(error.issues, cliWording)}` : error.message,
    );
  return 1;
}

export function renderStatus(s: StatusReport, style: Style): string[] {
  const lines: string[] = [];
  for (const r of s.records) {
    const extra = [
      r.pin ? `pinned to ${(r.pin as { pool: string }).pool}` : '',
      r.holding ? 'HOLDING (every pool unhealthy)' : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `${style.bold(r.record)}  active ${style.bold(r.activePool)}  epoch ${r.epoch}${extra ? `  ${style.yellow(extra)}` : ''}`,
    );
    const last = r.lastTransition as Transition | undefined;
    if (last)
      lines.push(
        `  last: ${last.kind} ${last.from} -> ${last.to} at ${new Date(last.at).toISOString()} by ${last.plane}: ${last.reason}`,
      );
  }
  lines.push('', style.bold('checks'));
  for (const [name, h] of Object.entries(s.health)) {
    const mark =
      h.status === 'healthy'
        ? style.green(h.status)
        : h.status === 'unhealthy'
          ? style.red(h.status)
          : style.yellow(h.status);
    const per = s.vantages.map((v) => `${v.plane}: ${v.checks[name]?.status ?? 'no data'}`).join(', ');
    lines.push(`  ${name.padEnd(24)} ${mark}  ${style.dim(per)}`);
    for (const f of h.failing) lines.push(style.dim(`    ${f.vantage}: ${f.reason}`));
  }
  lines.push('', style.bold('planes'));
  for (const b of s.beacons)
    lines.push(
      `  ${b.plane.padEnd(12)} last beacon ${formatDuration(Math.max(0, b.ageMs))} ago (${time(b.at)})`,
    );
  if (s.beacons.length === 0) lines.push(style.dim('  no beacon yet'));
  for (const w of s.warnings) lines.push(style.yellow(`  warning: ${w}`));
  return lines;
}

/** Why a plan is incomplete: every provider it could not read or plan, as "record on provider: reason". */
export function planProblems(records: readonly RecordReport[]): string[] {
  return records.flatMap((r) =>
    r.providers.filter((p) => p.error).map((p) => `${r.record} on ${p.provider}: ${p.error}`),
  );
}

export function renderPlan(records: RecordReport[], refusedReasons: string[], style: Style): string[] {
  const lines: string[] = [];
  const problems = planProblems(records);
  let total = 0;
  for (const r of records) {
    for (const p of r.providers) {
      if (p.foreign)
        lines.push(style.yellow(`  ! ${r.record} on ${p.provider}: not ours, left alone: ${p.foreign}`));
      if (p.error) lines.push(style.red(`  ! ${r.record} on ${p.provider}: ${p.error}`));
      for (const c of p.changes) {
        total++;
        const set = c.kind === 'delete' ? c.prev : c.next;
        const sign =
          c.kind === 'create' ? style.green('+') : c.kind === 'delete' ? style.red('-') : style.yellow('~');
        const before = c.kind === 'update' ? `${c.prev.values.join(',')} (ttl ${c.prev.ttl}) -> ` : '';
        lines.push(
          `  ${sign} ${p.provider.padEnd(10)} ${set.name} ${set.type} ${before}${set.values.join(',')} (ttl ${set.ttl})`,
        );
      }
    }
  }
  const unread = new Set(records.flatMap((r) => r.providers.filter((p) => p.error).map((p) => p.provider)));
  lines.unshift(
    problems.length > 0
      ? style.red(
          `Plan incomplete: could not read or plan ${[...unread].join(' and ')} (${problems.length} record set(s)); ${total} change(s) for the rest`,
        )
      : total === 0
        ? 'No changes: every provider holds what the state says.'
        : `Plan: ${total} change(s)`,
  );
  for (const reason of refusedReasons) lines.push(style.red(`  refused: ${reason}`));
  return lines;
}
