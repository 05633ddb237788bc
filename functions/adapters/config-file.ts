/** Reads twinplane.yaml (or JSON): YAML syntax errors name line and column, schema errors name the field. */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { Config } from '../core/config/model';
import { validateConfig } from '../core/config/validate';
import { ConfigError, type Issue } from '../core/errors';

export type LoadResult = { ok: true; config: Config } | { ok: false; issues: Issue[] };

/** Parses and validates config text. Never throws for bad input. */
export function parseConfigText(text: string, source = 'twinplane.yaml'): LoadResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const where = pos ? `${source}:${pos.line}:${pos.col}` : source;
        return {
          path: where,
          message: `not valid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
        };
      }),
    };
  }
  return validateConfig(doc.toJS());
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
