/** Validation of a configuration document for the Worker, shared by the build step and the cold start. */
import type { Config } from '../core/config/model';
import { validateChecksForRuntime } from '../core/config/runtime';
import { parseConfig } from '../core/config/validate';
import { ConfigError } from '../core/errors';

/** The schema, then the checks this plane must be able to run. Throws ConfigError naming each field. */
export function parseWorkerConfig(input: unknown): Config {
  const config = parseConfig(input);
  const issues = validateChecksForRuntime(config, 'worker', 'cloudflare');
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}
