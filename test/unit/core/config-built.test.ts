import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../functions/adapters/config-file';
import { BUILT_CONFIG_FORMAT, builtConfig, loadBuiltConfig } from '../../../functions/core/config/built';
import { ConfigError } from '../../../functions/core/errors';
import { testConfig } from '../../helpers/fakes';

const REBUILD = 'rebuild it';

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('the built configuration', () => {
  it('survives JSON as the build writes it: the loaded config equals the validated one', () => {
    const loaded = parseConfigText(readFileSync('examples/twinplane.yaml', 'utf8'));
    if (!loaded.ok) throw new Error('examples/twinplane.yaml is invalid');
    for (const config of [loaded.config, testConfig()]) {
      const embedded: unknown = JSON.parse(JSON.stringify(builtConfig(config)));
      expect(loadBuiltConfig(embedded, REBUILD)).toEqual(config);
    }
  });

  it('refuses a raw document (an old build, or no build step), naming the format', () => {
    const raw = { providers: {}, checks: {}, records: [] };
    expect(issuesOf(() => loadBuiltConfig(raw, REBUILD))).toEqual([
      {
        path: 'format',
        message: `the bundled configuration is not in format ${BUILT_CONFIG_FORMAT}; rebuild it`,
      },
    ]);
    expect(issuesOf(() => loadBuiltConfig({ format: 'twinplane-config/0' }, REBUILD))[0]?.message).toContain(
      '(found "twinplane-config/0")',
    );
  });

  it('names each field of the wrong shape', () => {
    const { records: _, ...config } = testConfig();
    expect(
      issuesOf(() =>
        loadBuiltConfig({ format: BUILT_CONFIG_FORMAT, config: { ...config, checks: [] } }, REBUILD),
      ),
    ).toEqual([
      { path: 'config.checks', message: 'must be an object' },
      { path: 'config.records', message: 'must be an array' },
    ]);
    expect(issuesOf(() => loadBuiltConfig({ format: BUILT_CONFIG_FORMAT }, REBUILD))).toEqual([
      { path: 'config', message: 'must be an object; rebuild it' },
    ]);
  });
});
