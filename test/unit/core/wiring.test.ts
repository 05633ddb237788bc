import { describe, expect, it } from 'vitest';
import { parseConfig, validateConfig } from '../../../functions/core/config/validate';
import { requireWiring, wiringIssues } from '../../../functions/core/config/wiring';
import { ConfigError, SecretError } from '../../../functions/core/errors';
import { silentLogger } from '../../../functions/core/ports';
import { planProviders } from '../../../functions/core/reconcile';
import { testConfig } from '../../helpers/fakes';

describe('wiring at start', () => {
  it('names each provider the records use that the plane has no adapter for, with how to wire it', () => {
    const config = testConfig({ records: 5 });
    expect(
      wiringIssues(config, 'cloudflare', { cloudflare: {} }, { route53: 'set the AWS secrets' }),
    ).toEqual([
      {
        path: 'providers.route53',
        message:
          'app.example.com/A, app1.example.com/A, app2.example.com/A and 2 more use route53, but the cloudflare plane has no route53 adapter: set the AWS secrets',
      },
    ]);
    expect(wiringIssues(config, 'aws', { route53: {}, cloudflare: {} }, {})).toEqual([]);
  });

  it('throws a ConfigError, which is not retryable, naming the plane', () => {
    const config = testConfig({ providers: ['cloudflare'] });
    let thrown: unknown;
    try {
      requireWiring(config, 'local', {}, { cloudflare: 'export NAME' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toContain('configuration of the local plane is invalid');
    expect(() => requireWiring(config, 'local', { cloudflare: {} }, {})).not.toThrow();
  });

  it('refuses a config whose record uses a provider that names no zone, so no tick finds "no zone holds"', () => {
    const input = {
      providers: { route53: {}, cloudflare: { zoneId: '0123456789abcdef0123456789abcdef' } },
      checks: { up: { http: { url: 'http://origin.example.test/' } } },
      records: [
        {
          name: 'app.example.com',
          type: 'A',
          providers: ['route53', 'cloudflare'],
          pools: [
            { name: 'a', values: ['192.0.2.1'], checks: ['up'] },
            { name: 'b', values: ['192.0.2.2'], checks: ['up'] },
          ],
        },
      ],
    };
    const result = validateConfig(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({
      path: 'records[0].providers[0]',
      message: 'providers.route53 names no zone: give hostedZoneId, or zones for several',
    });
    expect(() => parseConfig(input)).toThrow(ConfigError);
  });
});

describe('planProviders: a missing adapter is not retryable unless the plane says why', () => {
  const config = testConfig();
  const record = config.records[0]!;
  const state = { activePool: 'primary', epoch: 0 } as never;
  const ctx = (unavailable?: Record<string, Error>) =>
    ({
      config,
      plane: 'aws',
      store: {} as never,
      providers: {},
      logger: silentLogger,
      ...(unavailable ? { unavailable } : {}),
    }) as never;

  it('without a reason: not retryable', () => {
    const planned = planProviders(ctx(), record, state, new Map());
    expect(planned.map((p) => [p.provider, p.retryable])).toEqual([
      ['route53', false],
      ['cloudflare', false],
    ]);
  });

  it("with the plane's reason: retryable as that reason is, and named", () => {
    const throttled = new SecretError('T', 'SSM throttled', { retryable: true });
    const [, cloudflare] = planProviders(ctx({ cloudflare: throttled }), record, state, new Map());
    expect(cloudflare).toMatchObject({ retryable: true, error: expect.stringContaining('SSM throttled') });
  });
});
