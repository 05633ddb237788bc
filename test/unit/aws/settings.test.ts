import { describe, expect, it } from 'vitest';
import { readSettings } from '../../../functions/aws/settings';
import { ConfigError } from '../../../functions/core/errors';

describe('Lambda environment', () => {
  it('applies the defaults', () => {
    expect(readSettings({ TWINPLANE_TABLE: 'twinplane-prod-state' })).toEqual({
      table: 'twinplane-prod-state',
      ssmPrefix: '/twinplane/',
      logLevel: 'info',
      waitForSyncMs: 0,
      historyTtlDays: 90,
      probeWindow: 'auto',
    });
  });

  it('reads every setting', () => {
    expect(
      readSettings({
        TWINPLANE_TABLE: 't',
        TWINPLANE_SSM_PREFIX: '/twinplane/prod/',
        LOG_LEVEL: 'DEBUG',
        TWINPLANE_WAIT_INSYNC: '30s',
        TWINPLANE_HISTORY_TTL_DAYS: '400',
        TWINPLANE_PROBE_WINDOW: '40s',
      }),
    ).toEqual({
      table: 't',
      ssmPrefix: '/twinplane/prod/',
      logLevel: 'debug',
      waitForSyncMs: 30_000,
      historyTtlDays: 400,
      probeWindow: 40_000,
    });
  });

  it.each([
    [{}, 'environment.TWINPLANE_TABLE'],
    [{ TWINPLANE_TABLE: 't', TWINPLANE_SSM_PREFIX: 'twinplane' }, 'environment.TWINPLANE_SSM_PREFIX'],
    [{ TWINPLANE_TABLE: 't', TWINPLANE_WAIT_INSYNC: 'a while' }, 'environment.TWINPLANE_WAIT_INSYNC'],
    [{ TWINPLANE_TABLE: 't', TWINPLANE_HISTORY_TTL_DAYS: '-1' }, 'environment.TWINPLANE_HISTORY_TTL_DAYS'],
    [{ TWINPLANE_TABLE: 't', TWINPLANE_PROBE_WINDOW: 'often' }, 'environment.TWINPLANE_PROBE_WINDOW'],
    [{ TWINPLANE_TABLE: 't', LOG_LEVEL: 'loud' }, 'environment.LOG_LEVEL'],
  ])('names the bad variable in %j', (env, path) => {
    const error = (() => {
      try {
        readSettings(env);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual([path]);
  });
});
