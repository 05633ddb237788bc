/** Judges an HTTP body against a check's expectations: substring, regular expression, JSON paths. */
import type { HttpProbeSpec } from '../../core/config/model';
import { lookupJsonPath, parseJsonPath } from '../../core/json-path';

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** True when the check looks at the body at all. */
export function wantsBody(spec: HttpProbeSpec): boolean {
  return spec.bodyContains !== undefined || spec.bodyMatches !== undefined || spec.json.length > 0;
}

/** Why the body fails the check, or undefined when it passes. */
export function bodyProblem(spec: HttpProbeSpec, body: string): string | undefined {
  if (spec.bodyContains !== undefined && !body.includes(spec.bodyContains)) {
    return `does not contain "${spec.bodyContains}"`;
  }
  if (spec.bodyMatches !== undefined && !new RegExp(spec.bodyMatches).test(body)) {
    return `does not match /${spec.bodyMatches}/`;
  }
  if (spec.json.length === 0) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return `is not JSON (starts ${show(body.slice(0, 40))})`;
  }
  for (const assertion of spec.json) {
    const path = parseJsonPath(assertion.path);
    if (typeof path === 'string') return path;
    const found = lookupJsonPath(document, path);
    if (assertion.exists !== undefined) {
      if (found.found !== assertion.exists) {
        return `${assertion.path} ${assertion.exists ? 'is missing' : 'is present'}`;
      }
    } else if (!found.found) {
      return `${assertion.path} is missing, expected ${show(assertion.equals)}`;
    } else if (found.value !== assertion.equals) {
      return `${assertion.path} is ${show(found.value)}, expected ${show(assertion.equals)}`;
    }
  }
  return undefined;
}
