/**
 * Manual requests (Lambda control events, Worker routes, CLI) validated once at the boundary:
 * a bad request gets a RequestError naming the field, and nothing is written.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import type { Config, RecordSpec } from './config/model';
import { formatPath } from './config/path';
import type { ManualAction } from './control';
import { parseDuration } from './duration';
import { echo } from './echo';
import { RequestError } from './errors';
import { normalizeName } from './names';

// zod's mini build: the runtimes bundle it (about 25 KiB, not zod's 450), and its schemas tree-shake.
/** A DNS name (253) plus "/" and a type: anything longer is not a record, so it is never echoed. */
const RECORD_MAX = 270;
const record = z
  .string()
  .check(
    z.minLength(1, { message: 'is required' }),
    z.maxLength(RECORD_MAX, { message: `is longer than ${RECORD_MAX} characters` }),
    z.describe('Record name (app.example.com) or key (app.example.com/A).'),
  );
const pool = z.string().check(z.minLength(1), z.maxLength(128, { message: 'is longer than 128 characters' }));
const dryRun = z.optional(z.boolean());

export const requestSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('failover'),
    record,
    pool: z.optional(pool),
    force: z.optional(z.boolean()),
    dryRun,
  }),
  z.strictObject({
    action: z.literal('failback'),
    record,
    force: z.optional(z.boolean()),
    dryRun,
  }),
  z.strictObject({
    action: z.literal('pin'),
    record,
    pool,
    until: z.optional(
      z
        .string()
        .check(
          z.maxLength(64, { message: 'is longer than 64 characters' }),
          z.describe('ISO 8601 time or a duration from now (30m).'),
        ),
    ),
    dryRun,
  }),
  z.strictObject({ action: z.literal('unpin'), record, dryRun }),
  z.strictObject({ action: z.literal('status') }),
  z.strictObject({ action: z.literal('plan') }),
  z.strictObject({
    action: z.literal('history'),
    record: z.optional(record),
    limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
  }),
  z.strictObject({ action: z.literal('run'), dryRun }),
]);

/** English messages (`Invalid input: expected string, received undefined`): mini carries none. */
const messages = { error: en().localeError };

export type RawRequest = z.infer<typeof requestSchema>;

export type ControlRequest =
  | { action: 'status' }
  | { action: 'plan' }
  | { action: 'history'; record?: string; limit?: number }
  | { action: 'run'; dryRun?: boolean }
  | { action: 'manual'; manual: ManualAction; dryRun?: boolean };

export const REQUEST_ACTIONS = [
  'failover',
  'failback',
  'pin',
  'unpin',
  'status',
  'plan',
  'history',
  'run',
] as const;

/** Finds the record a request names: a key (name/TYPE) or a name that only one record has. */
export function resolveRecord(config: Config, ref: string, field = 'record'): RecordSpec {
  const parts = ref.split('/');
  if (parts.length > 2)
    throw new RequestError([
      {
        path: field,
        message: `"${echo(ref)}" is neither a name nor a key (name/TYPE): it has more than one "/"`,
      },
    ]);
  const [name, type] = parts;
  const wanted = normalizeName(name ?? '');
  const matches = config.records.filter((r) => r.name === wanted && (!type || r.type === type.toUpperCase()));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new RequestError([
      {
        path: field,
        message: `"${echo(ref)}" matches ${matches.map((r) => r.key).join(' and ')}; add the type, e.g. ${matches[0]!.key}`,
      },
    ]);
  }
  throw new RequestError([
    {
      path: field,
      message: `"${echo(ref)}" is not a managed record (${config.records.map((r) => r.key).join(', ')})`,
    },
  ]);
}

/** Validates a request against the schema and the config. Throws RequestError listing every issue. */
export function parseRequest(input: unknown, config: Config, now: number): ControlRequest {
  const parsed = requestSchema.safeParse(input, messages);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i) => {
      if (i.code === 'unrecognized_keys')
        return i.keys.map((k) => ({ path: echo(formatPath([...i.path, k])), message: 'unknown field' }));
      if (
        (i.code === 'invalid_union' && i.path.length === 0) ||
        (i.path.length === 1 && i.path[0] === 'action')
      ) {
        return [{ path: 'action', message: `must be one of ${REQUEST_ACTIONS.join(', ')}` }];
      }
      return [{ path: formatPath(i.path) || 'action', message: i.message }];
    });
    throw new RequestError(issues);
  }
  const req = parsed.data;
  switch (req.action) {
    case 'status':
    case 'plan':
      return { action: req.action };
    case 'history':
      return {
        action: 'history',
        ...(req.record ? { record: resolveRecord(config, req.record).key } : {}),
        ...(req.limit ? { limit: req.limit } : {}),
      };
    case 'run':
      return { action: 'run', ...(req.dryRun !== undefined ? { dryRun: req.dryRun } : {}) };
    default: {
      const spec = resolveRecord(config, req.record);
      // Left out means "not specified": the config's safety.dryRun then decides (see isDryRun).
      const dryRun = req.dryRun !== undefined ? { dryRun: req.dryRun } : {};
      if (req.action === 'failover') {
        return {
          action: 'manual',
          ...dryRun,
          manual: {
            action: 'failover',
            record: spec.key,
            ...(req.pool ? { pool: req.pool } : {}),
            ...(req.force ? { force: true } : {}),
          },
        };
      }
      if (req.action === 'failback')
        return {
          action: 'manual',
          ...dryRun,
          manual: { action: 'failback', record: spec.key, ...(req.force ? { force: true } : {}) },
        };
      if (req.action === 'unpin')
        return { action: 'manual', ...dryRun, manual: { action: 'unpin', record: spec.key } };
      let until: number | undefined;
      if (req.until !== undefined) {
        const duration = parseDuration(req.until);
        const at = Date.parse(req.until);
        until = duration !== undefined ? now + duration : Number.isNaN(at) ? undefined : at;
        if (until === undefined)
          throw new RequestError([
            { path: 'until', message: `"${echo(req.until)}" is neither an ISO 8601 time nor a duration` },
          ]);
        // A pin past the last date JavaScript can represent would be stored as null: refuse it.
        if (!Number.isFinite(until) || Number.isNaN(new Date(until).getTime()))
          throw new RequestError([
            { path: 'until', message: `"${echo(req.until)}" is beyond the latest representable time` },
          ]);
        if (until <= now) throw new RequestError([{ path: 'until', message: 'must be in the future' }]);
      }
      return {
        action: 'manual',
        ...dryRun,
        manual: {
          action: 'pin',
          record: spec.key,
          pool: req.pool,
          ...(until !== undefined ? { until } : {}),
        },
      };
    }
  }
}
