/**
 * `twinplane zone export | import | diff`: back a zone up, restore it with a plan first, and compare
 * two providers (or a provider and a backup). Exit 0 ok (diff: in sync), 1 failure or drift, 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { loadConfigFile } from '../../adapters/config-file';
import type { Config } from '../../core/config/model';
import { ConfigError, errorBody, errorMessage, RequestError } from '../../core/errors';
import { writeBind } from '../../zone/bind-write';
import { diffZones } from '../../zone/diff';
import { writeJson } from '../../zone/json';
import type { Zone } from '../../zone/model';
import type { Style } from '../render';
import {
  type EndpointOptions,
  isProviderName,
  openEndpoint,
  readEndpoint,
  readZoneFile,
  ZoneUsageError,
} from './zone-endpoints';
import { importZone } from './zone-import';
import { exportNotes, renderDiff } from './zone-render';

export interface ZoneIo {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
  env?: Record<string, string | undefined>;
  confirm?: (question: string) => Promise<boolean>;
}

export const ZONE_USAGE = `usage:
  twinplane zone export --from route53|cloudflare|local [--format json|bind] [--out FILE]
  twinplane zone import --to route53|cloudflare|local FILE [--yes] [--overwrite] [--prune]
                        [--max-changes N] [--dry-run] [--json]
  twinplane zone diff --from A --to B [--json]       exit 0 in sync, 1 on drift
    A, B: route53, cloudflare, local (optionally PROVIDER:ZONE-ID), or a backup FILE (diff only)
    zones: --config FILE (providers.*), or --zone-id ID; --zone DOMAIN picks one of several and
           names the apex; --state DIR for local (default .twinplane)
    credentials: route53 the AWS SDK default chain; cloudflare the token named by
           providers.cloudflare.apiToken (default CLOUDFLARE_API_TOKEN), CLOUDFLARE_API_BASE_URL`;

const COMMON = {
  config: { type: 'string', short: 'c' },
  'zone-id': { type: 'string' },
  zone: { type: 'string' },
  state: { type: 'string', default: '.twinplane' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsOptionsConfig;

const OPTIONS: Record<string, ParseArgsOptionsConfig> = {
  export: { from: { type: 'string' }, format: { type: 'string', default: 'json' }, out: { type: 'string' } },
  import: {
    to: { type: 'string' },
    yes: { type: 'boolean' },
    overwrite: { type: 'boolean' },
    prune: { type: 'boolean' },
    'max-changes': { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  diff: { from: { type: 'string' }, to: { type: 'string' } },
};

export type Values = Record<string, string | boolean | undefined>;

async function context(v: Values, io: ZoneIo) {
  let config: Config | undefined;
  if (typeof v.config === 'string') {
    const loaded = await loadConfigFile(v.config);
    if (!loaded.ok) throw new ConfigError(loaded.issues, { source: v.config });
    config = loaded.config;
  }
  return {
    config,
    endpoint: (spec: string, zoneId = v['zone-id']): EndpointOptions & { name: string } => {
      const [name = '', id] = spec.split(':');
      return {
        name,
        ...(config ? { config } : {}),
        ...(id || typeof zoneId === 'string' ? { zoneId: id || String(zoneId) } : {}),
        ...(typeof v.zone === 'string' ? { zone: v.zone } : {}),
        state: String(v.state),
        env: io.env ?? {},
      };
    },
  };
}

async function exportCommand(v: Values, io: ZoneIo): Promise<number> {
  if (typeof v.from !== 'string') throw new ZoneUsageError('export needs --from PROVIDER');
  const format = String(v.format);
  if (format !== 'json' && format !== 'bind')
    throw new ZoneUsageError(`--format: "${format}" is not json or bind`);
  const ctx = await context(v, io);
  const { name, ...options } = ctx.endpoint(v.from);
  const endpoint = openEndpoint(name, options);
  const zone = await readEndpoint(endpoint);
  const exportedAt = new Date().toISOString();
  const text =
    format === 'json'
      ? writeJson(zone, { source: endpoint.label, exportedAt })
      : writeBind(zone, [`twinplane zone export of ${zone.origin} from ${endpoint.label} at ${exportedAt}`]);
  if (typeof v.out === 'string') await writeFile(v.out, text);
  else io.out(text.trimEnd());
  const notes = exportNotes(zone, format);
  const where = typeof v.out === 'string' ? ` to ${v.out}` : '';
  io.err(`exported ${zone.records.length} record set(s) of ${zone.origin} from ${endpoint.label}${where}`);
  for (const note of notes) io.err(`  note: ${note}`);
  return 0;
}

async function side(spec: string, ctx: Awaited<ReturnType<typeof context>>, origin?: string): Promise<Zone> {
  const { name, ...options } = ctx.endpoint(spec, undefined);
  if (!isProviderName(name)) return readZoneFile(spec, origin);
  const endpoint = openEndpoint(name, options);
  return readEndpoint(endpoint);
}

async function diffCommand(v: Values, io: ZoneIo, style: Style): Promise<number> {
  if (typeof v.from !== 'string' || typeof v.to !== 'string')
    throw new ZoneUsageError('diff needs --from A --to B');
  if (v['zone-id'] !== undefined)
    throw new ZoneUsageError('diff reads two zones: give each one as PROVIDER:ZONE-ID instead of --zone-id');
  const ctx = await context(v, io);
  const origin = typeof v.zone === 'string' ? v.zone : undefined;
  const from = await side(v.from, ctx, origin);
  const to = await side(v.to, ctx, origin ?? from.origin);
  if (from.origin !== to.origin)
    throw new RequestError([
      { path: '--to', message: `${v.from} holds ${from.origin} but ${v.to} holds ${to.origin}` },
    ]);
  // Route 53 and the local zone cannot proxy: a proxied flag on the other side is no drift.
  const proxied = ![v.from, v.to].some((s) => /^(route53|local)(:|$)/.test(s));
  const entries = diffZones(from, to, { proxied });
  if (v.json)
    io.out(
      JSON.stringify({ inSync: entries.length === 0, origin: from.origin, differences: entries }, null, 2),
    );
  else for (const line of renderDiff(entries, v.from, v.to, style)) io.out(line);
  return entries.length === 0 ? 0 : 1;
}

export async function zoneCommand(argv: string[], io: ZoneIo, style: Style): Promise<number> {
  const [sub, ...rest] = argv;
  let json = false;
  try {
    if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
      io.out(ZONE_USAGE);
      return 0;
    }
    const extra = OPTIONS[sub];
    if (!extra) throw new ZoneUsageError(`unknown zone command "${sub}"`);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...COMMON, ...extra },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new ZoneUsageError(errorMessage(error));
    }
    const v = parsed.values as Values;
    json = v.json === true;
    if (v.help) {
      io.out(ZONE_USAGE);
      return 0;
    }
    if (sub === 'export') return await exportCommand(v, io);
    if (sub === 'diff') return await diffCommand(v, io, style);
    const ctx = await context(v, io);
    return await importZone(v, parsed.positionals, io, style, ctx);
  } catch (error) {
    if (error instanceof ZoneUsageError) {
      io.err(`${error.message}\n\n${ZONE_USAGE}`);
      return 2;
    }
    if (json) io.out(JSON.stringify({ ok: false, error: errorBody(error) }, null, 2));
    else io.err(`twinplane zone: ${errorMessage(error)}`);
    return 1;
  }
}

export type ZoneContext = Awaited<ReturnType<typeof context>>;
