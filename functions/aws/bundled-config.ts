/** The twinplane.yaml document the build validated and embedded (esbuild `define`), validated again here. */
import type { Config } from '../core/config/model';
import { parseConfig } from '../core/config/validate';
import { ConfigError } from '../core/errors';

declare const TWINPLANE_CONFIG: unknown;

/** The embedded document, or undefined when running unbundled (tests pass their own). */
export function bundledDocument(): unknown {
  return typeof TWINPLANE_CONFIG === 'undefined' ? undefined : TWINPLANE_CONFIG;
}

/** Validates the embedded document; throws ConfigError naming every bad field. */
export function loadBundledConfig(document: unknown = bundledDocument()): Config {
  if (document === undefined) {
    throw new ConfigError([
      {
        path: '',
        message: 'no configuration was bundled; build with `npm run build:aws` (infra/aws/build.ts)',
      },
    ]);
  }
  return parseConfig(document);
}
