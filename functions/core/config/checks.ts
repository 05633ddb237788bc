/** Per check type rules that the schema alone cannot express. */
import type { Issue } from '../errors';

/** The keys of a check that select its type; a check gives exactly one. */
export const checkTypes = ['http'] as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function urlProblem(value: unknown, schemes: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL`;
  }
  if (!schemes.includes(url.protocol)) return `"${value}" must use ${schemes.join(' or ')}`;
  return undefined;
}

export function semanticCheckIssues(path: string, check: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  if (isObject(check.http)) {
    const problem = urlProblem(check.http.url, ['http:', 'https:']);
    if (problem) issues.push({ path: `${path}.http.url`, message: problem });
  }
  return issues;
}
