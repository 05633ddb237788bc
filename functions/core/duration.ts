/**
 * Durations as operators write them, in one grammar: config durations ("30s", "5m", "1h30m", "250ms")
 * and BIND TTLs ("300", "1h30m", "1W"), each a dialect of the same parser.
 */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export interface DurationDialect {
  /** Units a part may end in. */
  units: readonly string[];
  /** Parts may be decimal (1.5s). */
  decimals: boolean;
  /** Units are matched without regard to case (1W). */
  ignoreCase: boolean;
  /** The unit of a bare number (BIND's "300" is seconds); undefined when a bare number is refused. */
  bareUnit?: string;
}

/** The config document, requests and settings: ms, s, m, h, d; decimals allowed; a unit is required. */
export const CONFIG_DURATION: DurationDialect = {
  units: ['ms', 's', 'm', 'h', 'd'],
  decimals: true,
  ignoreCase: false,
};

/** RFC 1035 zone files as BIND reads them: whole seconds, s m h d w in any case, or a bare number. */
export const BIND_TTL: DurationDialect = {
  units: ['s', 'm', 'h', 'd', 'w'],
  decimals: false,
  ignoreCase: true,
  bareUnit: 's',
};

const number = (d: DurationDialect) => `\\d+${d.decimals ? '(?:\\.\\d+)?' : ''}`;
const units = (d: DurationDialect) => [...d.units].sort((a, b) => b.length - a.length).join('|');
const partSource = (d: DurationDialect) => `(${number(d)})(${units(d)})`;

/** The whole-text pattern of a dialect, for schemas that must accept exactly what the parser does. */
export function durationPattern(dialect: DurationDialect = CONFIG_DURATION): string {
  const parts = `(?:${number(dialect)}(?:${units(dialect)}))+`;
  return dialect.bareUnit ? `^(?:\\d+|${parts})$` : `^${parts}$`;
}

const cache = new WeakMap<DurationDialect, { whole: RegExp; part: RegExp }>();
function compiled(dialect: DurationDialect) {
  let found = cache.get(dialect);
  if (!found) {
    const flags = dialect.ignoreCase ? 'i' : '';
    found = {
      whole: new RegExp(durationPattern(dialect), flags),
      part: new RegExp(partSource(dialect), `g${flags}`),
    };
    cache.set(dialect, found);
  }
  return found;
}

/** Parses a duration into milliseconds; undefined when the text is not one in that dialect. */
export function parseDuration(text: string, dialect: DurationDialect = CONFIG_DURATION): number | undefined {
  const { whole, part } = compiled(dialect);
  const trimmed = text.trim();
  if (!whole.test(trimmed)) return undefined;
  if (dialect.bareUnit && /^\d+$/.test(trimmed)) return Number(trimmed) * UNIT_MS[dialect.bareUnit]!;
  let total = 0;
  for (const match of trimmed.matchAll(part)) {
    total += Number(match[1]) * UNIT_MS[(match[2] as string).toLowerCase()]!;
  }
  return Math.round(total);
}

/** Renders milliseconds compactly: 90_000 -> "1m30s". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  let rest = Math.round(ms / 1_000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}
