/**
 * The Lambda environment the plane reads once per container, validated like any other input: each bad
 * variable is named. Hand-written checks, so the Lambda bundles no schema library for six strings.
 */
import { parseDuration } from '../core/duration';
import { ConfigError, type Issue } from '../core/errors';

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

type Env = Record<string, string | undefined>;

const isDuration = (v: string) => v === '0' || parseDuration(v) !== undefined;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];

/** Each optional variable: when set, the test its value must pass and what to say when it does not. */
const RULES: [string, (value: string) => boolean, string][] = [
  ['TWINPLANE_SSM_PREFIX', (v) => /^\/[A-Za-z0-9_./-]*$/.test(v), 'must start with /'],
  ['LOG_LEVEL', (v) => LOG_LEVELS.includes(v.toLowerCase()), `must be one of ${LOG_LEVELS.join(', ')}`],
  ['TWINPLANE_WAIT_INSYNC', isDuration, 'must be 0 or a duration like 30s'],
  ['TWINPLANE_PROBE_WINDOW', (v) => v === 'auto' || isDuration(v), 'must be auto, 0 or a duration like 50s'],
  ['TWINPLANE_HISTORY_TTL_DAYS', (v) => /^[1-9]\d{0,4}$/.test(v), 'must be a whole number of days'],
];

function settingIssues(env: Env): Issue[] {
  const issues: Issue[] = [];
  if (!env.TWINPLANE_TABLE)
    issues.push({ path: 'environment.TWINPLANE_TABLE', message: 'is required: the DynamoDB table name' });
  for (const [name, valid, message] of RULES) {
    const value = env[name];
    if (value !== undefined && !valid(value)) issues.push({ path: `environment.${name}`, message });
  }
  return issues;
}

/** Throws ConfigError naming each bad variable (`environment.TWINPLANE_TABLE: is required ...`). */
export function readSettings(env: Env): AwsSettings {
  const issues = settingIssues(env);
  if (issues.length > 0) throw new ConfigError(issues);
  const e = env;
  const wait = e.TWINPLANE_WAIT_INSYNC;
  return {
    table: e.TWINPLANE_TABLE as string,
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
