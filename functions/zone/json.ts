/** The JSON backup format: a versioned document holding the zone's origin and every record set. */
import { z } from 'zod';
import { InputError, type Issue } from '../core/errors';
import { normalizeName } from '../core/names';
import { canonicalValue, problem } from './canonical';
import { sortRecords, type Zone, type ZoneRecord } from './model';

export const FORMAT = 'twinplane-zone';
export const FORMAT_VERSION = 1;

export interface ZoneDocument {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  origin: string;
  /** Where it was exported from, e.g. `route53:Z0123456789ABC`. */
  source?: string;
  exportedAt?: string;
  records: ZoneRecord[];
}

/** Thrown when a zone file (JSON or BIND) cannot be read; issues name the line or the field. */
export class ZoneFileError extends InputError {
  constructor(file: string, issues: readonly Issue[]) {
    super(file, issues);
  }
}

const recordSchema = z.strictObject({
  name: z.string().min(1),
  type: z.string().regex(/^[A-Za-z0-9]+$/, { message: 'must be a record type such as A or MX' }),
  ttl: z.number().int().min(0),
  values: z.array(z.string()),
  proxied: z.boolean().optional(),
  alias: z
    .strictObject({ target: z.string().min(1), zoneId: z.string().min(1), evaluateHealth: z.boolean() })
    .optional(),
  setIdentifier: z.string().min(1).optional(),
  failover: z.enum(['PRIMARY', 'SECONDARY']).optional(),
  healthCheckId: z.string().min(1).optional(),
});

const documentSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  origin: z.string().min(1),
  source: z.string().optional(),
  exportedAt: z.string().optional(),
  records: z.array(recordSchema),
});

export function toDocument(zone: Zone, meta: { source?: string; exportedAt?: string } = {}): ZoneDocument {
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    origin: zone.origin,
    ...meta,
    records: sortRecords(zone.records),
  };
}

export function writeJson(zone: Zone, meta: { source?: string; exportedAt?: string } = {}): string {
  return `${JSON.stringify(toDocument(zone, meta), null, 2)}\n`;
}

/** Parses and validates a JSON backup; every problem is reported with its path. */
export function parseJson(text: string, file = 'zone.json'): Zone {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ZoneFileError(file, [{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ZoneFileError(
      file,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const issues: Issue[] = [];
  const records = parsed.data.records.map((r, i) => {
    const type = r.type.toUpperCase();
    r.values.forEach((v, j) => {
      const why = problem(type, v);
      if (why) issues.push({ path: `records.${i}.values.${j}`, message: why });
    });
    if (!r.alias && r.values.length === 0) issues.push({ path: `records.${i}.values`, message: 'is empty' });
    const record: ZoneRecord = {
      ...r,
      name: normalizeName(r.name),
      type,
      values: r.values.map((v) => canonicalValue(type, v)).sort(),
    };
    return record;
  });
  if (issues.length > 0) throw new ZoneFileError(file, issues);
  return { origin: normalizeName(parsed.data.origin), records };
}
