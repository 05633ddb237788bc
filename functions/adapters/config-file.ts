/** Reads twinplane.yaml (or JSON): YAML syntax errors name line and column, schema errors name the field. */
import { readFile } from 'node:fs/promises';
import { type Document, LineCounter, parseDocument, visit } from 'yaml';
import type { Config } from '../core/config/model';
import { validateConfig } from '../core/config/validate';
import { ConfigError, errorMessage, type Issue } from '../core/errors';

export type LoadResult = { ok: true; config: Config } | { ok: false; issues: Issue[] };
export type YamlResult = { ok: true; document: unknown } | { ok: false; issues: Issue[] };

/** Alias expansions allowed (the yaml library's default): a billion-laughs document stops here. */
const MAX_ALIAS_COUNT = 100;

const at = (source: string, pos: { line: number; col: number } | undefined) =>
  pos ? `${source}:${pos.line}:${pos.col}` : source;

/**
 * Where converting the document failed: an alias naming no anchor set before it, or (when every
 * alias resolves) the first alias, since the expansion limit counts them all.
 */
function aliasIssue(doc: Document, lines: LineCounter, source: string, error: unknown): Issue {
  let first: { offset: number; name: string } | undefined;
  let unresolved: { offset: number; name: string } | undefined;
  visit(doc, {
    Alias(_, node) {
      const found = { offset: node.range?.[0] ?? 0, name: node.source };
      first ??= found;
      if (!unresolved && !node.resolve(doc)) unresolved = found;
    },
  });
  if (unresolved)
    return {
      path: at(source, lines.linePos(unresolved.offset)),
      message: `not valid YAML: alias *${unresolved.name} names no anchor &${unresolved.name} set before it`,
    };
  if (first && /alias count/i.test(errorMessage(error)))
    return {
      path: at(source, lines.linePos(first.offset)),
      message: `not valid YAML: aliases expand past ${MAX_ALIAS_COUNT} nodes (a document that grows without bound)`,
    };
  return { path: source, message: `not valid YAML: ${errorMessage(error)}` };
}

/** Parses YAML (or JSON) into plain data. Never throws: every failure is an issue with line and column. */
export function parseYaml(text: string, source = 'twinplane.yaml'): YamlResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        path: at(source, e.linePos?.[0]),
        message: `not valid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    };
  }
  try {
    return { ok: true, document: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    return { ok: false, issues: [aliasIssue(doc, lines, source, error)] };
  }
}

/** Parses and validates config text. Never throws for bad input. */
export function parseConfigText(text: string, source = 'twinplane.yaml'): LoadResult {
  const parsed = parseYaml(text, source);
  if (!parsed.ok) return parsed;
  return validateConfig(parsed.document);
}

export async function loadConfigFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, issues: [{ path, message: `cannot read: ${(error as Error).message}` }] };
  }
  return parseConfigText(text, path);
}

export async function loadConfigOrThrow(path: string): Promise<Config> {
  const result = await loadConfigFile(path);
  if (!result.ok) throw new ConfigError(result.issues);
  return result.config;
}
