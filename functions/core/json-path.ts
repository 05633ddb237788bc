/** A small JSON path (`$.status`, `$.checks[0].name`, `$['odd key']`) for health check assertions. */

export type PathSegment = string | number;

const TOKEN = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/** Parses a path; returns an error message when the text is not one. */
export function parseJsonPath(text: string): PathSegment[] | string {
  let rest = text.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  else if (/^[A-Za-z_]/.test(rest)) rest = `.${rest}`;
  const segments: PathSegment[] = [];
  while (rest.length > 0) {
    const match = TOKEN.exec(rest);
    if (!match) return `"${text}" is not a JSON path like $.status or $.items[0].name`;
    const [whole, key, index, single, double] = match;
    segments.push(index !== undefined ? Number(index) : (key ?? single ?? double ?? ''));
    rest = rest.slice(whole.length);
  }
  return segments;
}

/** The value at `path`, or `found: false` when some step is missing. */
export function lookupJsonPath(
  value: unknown,
  path: readonly PathSegment[],
): { found: true; value: unknown } | { found: false } {
  let current: unknown = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return { found: false };
      current = current[segment];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return { found: false };
      if (!Object.hasOwn(current, segment)) return { found: false };
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: current };
}
