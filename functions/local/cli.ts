/**
 * The `twinplane` command. Exit codes: 0 ok, 1 failure (invalid config, failed tick), 2 usage.
 */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { loadConfigFile } from '../adapters/config-file';
import { MemoryMetrics } from '../adapters/metrics/memory';
import { startMetricsServer } from '../adapters/metrics/server';
import { createNotifier } from '../adapters/notify/notifier';
import { systemClock } from '../adapters/system/clock';
import { envSecrets } from '../adapters/system/env-secrets';
import { jsonLogger } from '../adapters/system/logger';
import { parseDuration } from '../core/duration';
import { formatIssues } from '../core/errors';
import { UsageProblem } from './commands/manual';
import { manualCommand } from './commands/run-manual';
import { zoneCommand } from './commands/zone';
import { runDemo } from './demo';
import { beaconCopies, localPeers } from './peers';
import { startLocalPlane } from './plane';
import { cloudProviders } from './providers';
import { colors, plain, renderTick, type Style } from './render';
import { configJsonSchema } from './schema';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
  signal?: AbortSignal;
  /** Asks a yes/no question on the terminal; absent in pipes. */
  confirm?: (question: string) => Promise<boolean>;
  /** Where `{secret: NAME}` references are looked up on the local plane. */
  env?: Record<string, string | undefined>;
}

const USAGE = `twinplane: DNS failover control plane

usage:
  twinplane demo [--tick 2s]                  run a self-contained failover demo (npm start)
  twinplane validate FILE [--json]            check a config; lists every error with its path
  twinplane run --config FILE [--state DIR] [--dns-port N] [--metrics-port N] [--once] [--dry-run] [--json]
                                              run the local plane (--once: one tick, exit 1 if it failed)
  twinplane status    [PLANE] [--json]          active pool, epoch, last transition, health per check and
                                              vantage, beacon ages of every plane
  twinplane failover RECORD [--pool P] [--force] [--dry-run] [PLANE]
  twinplane failback RECORD [--force] [--dry-run] [PLANE]
  twinplane pin RECORD --pool P [--until 30m|ISO] [PLANE]
  twinplane unpin RECORD [PLANE]
  twinplane history [--record NAME] [--limit N] [PLANE] [--json]
  twinplane plan [PLANE]                      dry-run diff of the state against the providers
  twinplane apply [--yes] [--force] [PLANE]   show the plan, ask, then run one tick
    PLANE: --plane local --config FILE [--state DIR]   (default)
           --plane aws [--function twinplane-prod-control]   (Lambda Invoke, AWS credentials)
           --plane cloudflare --url https://<worker>   (token in TWINPLANE_API_TOKEN)
  twinplane zone export|import|diff ...       back up, restore and compare zones (twinplane zone --help)
  twinplane schema                            print the JSON Schema of twinplane.yaml

exit codes: 0 ok, 1 failure, 2 usage`;

class UsageError extends Error {}

function parse<T extends ParseArgsOptionsConfig>(args: string[], options: T) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as T & {
        help: { type: 'boolean'; short: 'h' };
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function main(argv: string[], io: Io): Promise<number> {
  const style: Style = io.isTTY ? colors : plain;
  const [command, ...rest] = argv;
  // --help anywhere prints the usage (the zone command has its own).
  if (command !== 'zone' && (rest.includes('--help') || rest.includes('-h'))) return help(io);
  try {
    switch (command) {
      case 'demo': {
        const { values } = parse(rest, { tick: { type: 'string' }, 'dns-port': { type: 'string' } });
        if (values.help) return help(io);
        const tickMs = values.tick ? parseDuration(String(values.tick)) : undefined;
        if (values.tick && !tickMs) throw new UsageError(`--tick: "${values.tick}" is not a duration`);
        const result = await runDemo({
          style,
          write: io.out,
          ...(tickMs ? { tickMs } : {}),
          ...(values['dns-port'] ? { dnsPort: Number(values['dns-port']) } : {}),
          ...(io.signal ? { signal: io.signal } : {}),
        });
        return result.failedBack || io.signal?.aborted ? 0 : 1;
      }
      case 'validate': {
        const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
        if (values.help) return help(io);
        const file = positionals[0];
        if (!file) throw new UsageError('validate needs a FILE');
        const result = await loadConfigFile(file);
        if (values.json)
          io.out(JSON.stringify(result.ok ? { ok: true } : { ok: false, issues: result.issues }, null, 2));
        else if (result.ok)
          io.out(
            `${file}: valid (${result.config.records.length} record(s), ${Object.keys(result.config.checks).length} check(s))`,
          );
        else io.err(`${file}: ${result.issues.length} error(s)\n${formatIssues(result.issues)}`);
        return result.ok ? 0 : 1;
      }
      case 'run': {
        const { values } = parse(rest, {
          config: { type: 'string', short: 'c' },
          state: { type: 'string' },
          'dns-port': { type: 'string' },
          once: { type: 'boolean' },
          'metrics-port': { type: 'string' },
          'dry-run': { type: 'boolean' },
          json: { type: 'boolean' },
        });
        if (values.help) return help(io);
        const file = str(values.config);
        if (!file) throw new UsageError('run needs --config FILE');
        const loaded = await loadConfigFile(file);
        if (!loaded.ok) {
          io.err(`${file}: ${loaded.issues.length} error(s)\n${formatIssues(loaded.issues)}`);
          return 1;
        }
        const dnsPort = values['dns-port'] !== undefined ? Number(values['dns-port']) : undefined;
        if (dnsPort !== undefined && !(Number.isInteger(dnsPort) && dnsPort >= 0 && dnsPort < 65_536)) {
          throw new UsageError(`--dns-port: "${values['dns-port']}" is not a port`);
        }
        const logger = jsonLogger({ level: 'warn', write: io.err });
        const notifier = await createNotifier(loaded.config, {
          plane: 'local',
          clock: systemClock,
          logger,
          resolveSecret: envSecrets(io.env ?? {}),
        });
        const metricsPort = values['metrics-port'] !== undefined ? Number(values['metrics-port']) : undefined;
        if (
          metricsPort !== undefined &&
          !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort < 65_536)
        ) {
          throw new UsageError(`--metrics-port: "${values['metrics-port']}" is not a port`);
        }
        const metrics = new MemoryMetrics();
        const metricsServer =
          metricsPort !== undefined ? await startMetricsServer(metrics, metricsPort) : undefined;
        if (metricsServer && !values.json)
          io.out(style.dim(`metrics on http://127.0.0.1:${metricsServer.port}/metrics`));
        const plane = await startLocalPlane({
          config: loaded.config,
          stateDir: str(values.state) ?? '.twinplane',
          ...(dnsPort !== undefined ? { dnsPort } : {}),
          logger,
          notifier,
          peers: await localPeers(loaded.config, envSecrets(io.env ?? {})),
          providers: await cloudProviders(loaded.config, envSecrets(io.env ?? {}), logger, io.env ?? {}),
          beaconCopies: beaconCopies(loaded.config),
          metrics,
        });
        if (plane.dns && !values.json) io.out(style.dim(`embedded DNS on 127.0.0.1:${plane.dns.port}`));
        const show = (report: Awaited<ReturnType<typeof plane.tick>>) =>
          io.out(values.json ? JSON.stringify(report) : renderTick(report, style));
        const tickOptions = { dryRun: values['dry-run'] === true };
        try {
          if (values.once) {
            const report = await plane.tick({ ...tickOptions, probeAll: true });
            show(report);
            const failed = report.events.some(
              (e) => e.type === 'apply-failed' || e.type === 'commit-failed' || e.type === 'plan-refused',
            );
            return failed ? 1 : 0;
          }
          const controller = new AbortController();
          io.signal?.addEventListener('abort', () => controller.abort(), { once: true });
          await plane.run(controller.signal, show, tickOptions);
          return 0;
        } finally {
          await plane.close();
          await metricsServer?.close();
        }
      }
      case 'status':
      case 'history':
      case 'plan':
      case 'apply':
      case 'failover':
      case 'failback':
      case 'pin':
      case 'unpin':
        return await manualCommand(command, rest, { ...io, env: io.env ?? {} }, style);
      case 'zone':
        return await zoneCommand(rest, io, style);
      case 'schema':
        io.out(JSON.stringify(configJsonSchema(), null, 2));
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return help(io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof UsageProblem) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`twinplane: ${(error as Error).message}`);
    return 1;
  }
}

function help(io: Io): number {
  io.out(USAGE);
  return 0;
}
