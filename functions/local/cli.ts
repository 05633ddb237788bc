/**
 * The `twinplane` command. Exit codes: 0 ok, 1 failure (invalid config, failed tick), 2 usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { loadConfigFile } from '../adapters/config-file';
import { MemoryMetrics } from '../adapters/metrics/memory';
import { startMetricsServer } from '../adapters/metrics/server';
import { stateGauges } from '../adapters/metrics/state-gauges';
import { createNotifier } from '../adapters/notify/notifier';
import { renderStatusPage } from '../adapters/status-page/render';
import { systemClock } from '../adapters/system/clock';
import { envSecrets } from '../adapters/system/env-secrets';
import { jsonLogger } from '../adapters/system/logger';
import { parseDuration } from '../core/duration';
import { formatIssues } from '../core/errors';
import { nearest, parseCommand, UsageProblem } from './args';
import { manualCommand } from './commands/run-manual';
import { zoneCommand } from './commands/zone';
import { bashCompletion, zshCompletion } from './completion';
import { runDemo } from './demo';
import { COMMANDS, commandHelp, DEFAULT_CONFIG, globalHelp } from './help';
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

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function main(argv: string[], io: Io): Promise<number> {
  const style: Style = io.isTTY ? colors : plain;
  const [command, ...rest] = argv;
  // --help anywhere prints that command's help (the zone command has its own).
  if (command && command !== 'zone' && COMMANDS[command] && (rest.includes('--help') || rest.includes('-h')))
    return help(io, command);
  try {
    switch (command) {
      case 'demo': {
        const { values } = parseCommand(command, rest, {
          tick: { type: 'string' },
          'dns-port': { type: 'string' },
        });
        const tickMs = values.tick ? parseDuration(String(values.tick)) : undefined;
        if (values.tick && !tickMs)
          throw new UsageProblem(`--tick: "${values.tick}" is not a duration`, command);
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
        const { values, positionals } = parseCommand(command, rest, { json: { type: 'boolean' } });
        const file = positionals[0] ?? defaultConfig(command, 'a FILE');
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
        const { values } = parseCommand(command, rest, {
          config: { type: 'string', short: 'c' },
          state: { type: 'string' },
          'dns-port': { type: 'string' },
          once: { type: 'boolean' },
          'metrics-port': { type: 'string' },
          'http-port': { type: 'string' },
          listen: { type: 'string' },
          'dry-run': { type: 'boolean' },
          json: { type: 'boolean' },
        });
        const file = str(values.config) ?? defaultConfig(command, '--config FILE');
        const loaded = await loadConfigFile(file);
        if (!loaded.ok) {
          io.err(`${file}: ${loaded.issues.length} error(s)\n${formatIssues(loaded.issues)}`);
          return 1;
        }
        const dnsPort = values['dns-port'] !== undefined ? Number(values['dns-port']) : undefined;
        if (dnsPort !== undefined && !(Number.isInteger(dnsPort) && dnsPort >= 0 && dnsPort < 65_536)) {
          throw new UsageProblem(`--dns-port: "${values['dns-port']}" is not a port`, command);
        }
        const logger = jsonLogger({ level: 'warn', write: io.err });
        const notifier = await createNotifier(loaded.config, {
          plane: 'local',
          clock: systemClock,
          logger,
          resolveSecret: envSecrets(io.env ?? {}),
        });
        // --http-port serves the status page, /metrics and /healthz; --metrics-port is its older name.
        const httpFlag = values['http-port'] !== undefined ? 'http-port' : 'metrics-port';
        const httpText = values[httpFlag];
        const httpPort = httpText !== undefined ? Number(httpText) : undefined;
        if (httpPort !== undefined && !(Number.isInteger(httpPort) && httpPort >= 0 && httpPort < 65_536)) {
          throw new UsageProblem(`--${httpFlag}: "${httpText}" is not a port`, command);
        }
        const listen = str(values.listen) ?? '127.0.0.1';
        if (!isIP(listen)) throw new UsageProblem(`--listen: "${listen}" is not an IP address`, command);
        const metrics = new MemoryMetrics();
        const plane = await startLocalPlane({
          config: loaded.config,
          stateDir: str(values.state) ?? '.twinplane',
          ...(dnsPort !== undefined ? { dnsPort } : {}),
          listen,
          logger,
          notifier,
          peers: await localPeers(loaded.config, envSecrets(io.env ?? {})),
          providers: await cloudProviders(loaded.config, envSecrets(io.env ?? {}), logger, io.env ?? {}),
          beaconCopies: beaconCopies(loaded.config),
          metrics,
          resolveSecret: envSecrets(io.env ?? {}),
        });
        const page = async () => {
          const { status, history } = await plane.status();
          return renderStatusPage(status, history);
        };
        const httpServer =
          httpPort !== undefined
            ? await startMetricsServer(metrics, httpPort, listen, page, async () =>
                stateGauges(loaded.config, 'local', await plane.store.loadRecords()),
              )
            : undefined;
        const origin = httpServer ? `http://${listen}:${httpServer.port}` : '';
        if (httpServer && !values.json)
          io.out(style.dim(`status page on ${origin}/, metrics on ${origin}/metrics`));
        if (plane.dns && !values.json) io.out(style.dim(`embedded DNS on ${listen}:${plane.dns.port}`));
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
          await httpServer?.close();
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
      case 'completion': {
        const { positionals } = parseCommand(command, rest, {});
        const shell = positionals[0];
        if (shell === 'bash') io.out(bashCompletion());
        else if (shell === 'zsh') io.out(zshCompletion());
        else
          throw new UsageProblem(
            `completion: name a shell, bash or zsh${shell ? `, not "${shell}"` : ''}`,
            command,
          );
        return 0;
      }
      case '--version':
      case '-V':
      case 'version':
        io.out(version());
        return 0;
      case 'help':
      case '--help':
      case '-h':
        return help(io, rest[0] && COMMANDS[rest[0]] ? rest[0] : undefined);
      case undefined:
        io.err(globalHelp(version()));
        return 2;
      default: {
        const hint = nearest(command, Object.keys(COMMANDS));
        throw new UsageProblem(
          `unknown command "${command}"${hint ? `; did you mean ${hint}?` : ''} (twinplane --help lists them)`,
        );
      }
    }
  } catch (error) {
    if (error instanceof UsageProblem) {
      const name = error.command ?? command ?? '';
      const about = COMMANDS[name];
      io.err(
        about
          ? `${error.message}\nusage: twinplane ${about.synopsis}\n(twinplane ${name} --help for more)`
          : `${error.message}\nusage: twinplane COMMAND [options]`,
      );
      return 2;
    }
    io.err(`twinplane: ${(error as Error).message}`);
    return 1;
  }
}

function help(io: Io, command?: string): number {
  io.out(command ? commandHelp(command) : globalHelp(version()));
  return 0;
}

/** ./twinplane.yaml when it exists (as the deploy reads it), else a usage error naming what is needed. */
function defaultConfig(command: string, what: string): string {
  if (existsSync(DEFAULT_CONFIG)) return DEFAULT_CONFIG;
  throw new UsageProblem(`${command} needs ${what} (there is no ./${DEFAULT_CONFIG} here)`, command);
}

let cachedVersion: string | undefined;
/** The package's version, from its package.json. */
export function version(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cachedVersion;
}
