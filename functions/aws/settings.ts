/** The Lambda environment the plane reads once per container, validated like any other input. */
import { z } from 'zod';
import { parseDuration } from '../core/duration';
import { ConfigError } from '../core/errors';

export interface AwsSettings {
  /** The DynamoDB table holding this plane's state. */
  table: string;
  /** SSM parameter prefix of `{secret: NAME}` references: `<prefix>NAME`. */
  ssmPrefix: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Bounded wait for Route 53 changes to be INSYNC; 0 = do not wait. */
  waitForSyncMs: number;
  historyTtlDays: number;
  /** Probe rounds inside one invocation: 'auto' (for checks under a minute) or a fixed window in ms. */
  probeWindow: 'auto' | number;
}

const duration = z.string().refine((v) => v === '0' || parseDuration(v) !== undefined, {
  message: 'must be 0 or a duration like 30s',
});

const envSchema = z.object({
  TWINPLANE_TABLE: z.string().min(1, { message: 'is required: the DynamoDB table name' }),
  TWINPLANE_SSM_PREFIX: z
    .string()
    .regex(/^\/[A-Za-z0-9_./-]*$/, { message: 'must start with /' })
    .optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'DEBUG', 'INFO', 'WARN', 'ERROR']).optional(),
  TWINPLANE_WAIT_INSYNC: duration.optional(),
  TWINPLANE_PROBE_WINDOW: z
    .string()
    .refine((v) => v === 'auto' || v === '0' || parseDuration(v) !== undefined, {
      message: 'must be auto, 0 or a duration like 50s',
    })
    .optional(),
  TWINPLANE_HISTORY_TTL_DAYS: z
    .string()
    .regex(/^[1-9]\d{0,4}$/, { message: 'must be a whole number of days' })
    .optional(),
});

/** Throws ConfigError naming each bad variable (`environment.TWINPLANE_TABLE: is required ...`). */
export function readSettings(env: Record<string, string | undefined>): AwsSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({
        path: `environment.${i.path.join('.')}`,
        message:
          i.code === 'invalid_type' && i.path[0] === 'TWINPLANE_TABLE'
            ? 'is required: the DynamoDB table name'
            : i.message,
      })),
    );
  }
  const e = parsed.data;
  const wait = e.TWINPLANE_WAIT_INSYNC;
  return {
    table: e.TWINPLANE_TABLE,
    ssmPrefix: e.TWINPLANE_SSM_PREFIX ?? '/twinplane/',
    logLevel: (e.LOG_LEVEL?.toLowerCase() ?? 'info') as AwsSettings['logLevel'],
    waitForSyncMs: wait === undefined || wait === '0' ? 0 : (parseDuration(wait) as number),
    historyTtlDays: Number(e.TWINPLANE_HISTORY_TTL_DAYS ?? 90),
    probeWindow:
      e.TWINPLANE_PROBE_WINDOW === undefined || e.TWINPLANE_PROBE_WINDOW === 'auto'
        ? 'auto'
        : e.TWINPLANE_PROBE_WINDOW === '0'
          ? 0
          : (parseDuration(e.TWINPLANE_PROBE_WINDOW) as number),
  };
}
