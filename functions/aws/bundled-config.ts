/**
 * The configuration the build validated in full and embedded normalised (esbuild `define`, a
 * BuiltConfig), so the Lambda loads it without the schema validator.
 */
import { loadBuiltConfig } from '../core/config/built';
import type { Config } from '../core/config/model';
import { ConfigError } from '../core/errors';

declare const TWINPLANE_CONFIG: unknown;

/** The embedded BuiltConfig, or undefined when running unbundled (tests pass their own config). */
export function bundledDocument(): unknown {
  return typeof TWINPLANE_CONFIG === 'undefined' ? undefined : TWINPLANE_CONFIG;
}

/** The embedded config; throws ConfigError naming the field when none, or no BuiltConfig, was embedded. */
export function loadBundledConfig(document: unknown = bundledDocument()): Config {
  if (document === undefined) {
    throw new ConfigError([
      {
        path: '',
        message: 'no configuration was bundled; build with `npm run build:aws` (infra/aws/build.ts)',
      },
    ]);
  }
  return loadBuiltConfig(document, 'rebuild with `npm run build:aws` (infra/aws/build.ts)');
}
