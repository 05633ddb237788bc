/**
 * The configuration as a build embeds it: validated in full at build time (schema, cross-field rules,
 * what the target runtime can probe), then stored normalised, with a format tag. A plane loads it at
 * start without the schema validator, since nothing in it can change after the build; it checks only
 * that the document is one this code's build wrote, each problem naming its field. What can change
 * after the build (secrets, environment) each plane checks at start on its own.
 */
import { ConfigError, type Issue } from '../errors';
import type { Config } from './model';

export const BUILT_CONFIG_FORMAT = 'twinplane-config/1';

export interface BuiltConfig {
  format: typeof BUILT_CONFIG_FORMAT;
  config: Config;
}

/** What a build embeds: the validated, normalised config under its format tag (plain JSON). */
export function builtConfig(config: Config): BuiltConfig {
  return { format: BUILT_CONFIG_FORMAT, config };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isArray = Array.isArray;
const isString = (v: unknown) => typeof v === 'string';

/** The fields every loaded Config carries, each with its test and the message when it fails. */
const SHAPE: [keyof Config, (v: unknown) => boolean, string][] = [
  ['owner', isString, 'must be a string'],
  ['planes', isObject, 'must be an object'],
  ['providers', isObject, 'must be an object'],
  ['checks', isObject, 'must be an object'],
  ['records', isArray, 'must be an array'],
  ['notify', isArray, 'must be an array'],
  ['safety', isObject, 'must be an object'],
];

const shapeIssues = (config: Record<string, unknown>): Issue[] =>
  SHAPE.filter(([key, fits]) => !fits(config[key])).map(([key, , message]) => ({
    path: `config.${key}`,
    message,
  }));

/**
 * The Config inside a built document. Throws ConfigError naming the field when the document is not
 * one a build of this code wrote (`rebuild` says how to make one).
 */
export function loadBuiltConfig(input: unknown, rebuild: string): Config {
  if (!isObject(input) || input.format !== BUILT_CONFIG_FORMAT) {
    const found = isObject(input) && typeof input.format === 'string' ? ` (found "${input.format}")` : '';
    throw new ConfigError([
      {
        path: 'format',
        message: `the bundled configuration is not in format ${BUILT_CONFIG_FORMAT}${found}; ${rebuild}`,
      },
    ]);
  }
  if (!isObject(input.config)) {
    throw new ConfigError([{ path: 'config', message: `must be an object; ${rebuild}` }]);
  }
  const issues = shapeIssues(input.config);
  if (issues.length > 0) throw new ConfigError(issues);
  return input.config as unknown as Config;
}
