import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRIME_RECORDS, primeTickPath, primingConfig } from '../../../../functions/adapters/memory/prime';
import { testConfig } from '../../../helpers/fakes';

describe('primeTickPath', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('creates, ticks and fails over the first records of the config, on objects of its own', async () => {
    const config = testConfig({ records: 6, leader: 'cloudflare' });
    const before = structuredClone(config);
    expect(await primeTickPath(config, 'aws')).toEqual({ ticks: 3, transitions: PRIME_RECORDS });
    // The plane's config is left as it was (the priming works on a copy whose leader is this plane).
    expect(config).toEqual(before);
  });

  it('runs where the runtime refuses to make an AbortController, as a Worker does at start-up', async () => {
    vi.stubGlobal(
      'AbortController',
      class {
        constructor() {
          throw new Error('Disallowed operation called within global scope');
        }
      },
    );
    expect(await primeTickPath(testConfig({ records: 2 }), 'cloudflare')).toEqual({
      ticks: 3,
      transitions: 2,
    });
  });

  it('never throws: a config it cannot run primes nothing', async () => {
    const config = testConfig({ records: 2 });
    const broken = { ...config, records: [{ ...config.records[0]!, pools: undefined }] };
    await expect(primeTickPath(broken as never, 'aws')).resolves.toEqual({ ticks: 0, transitions: 0 });
  });
});

describe('primingConfig', () => {
  it('keeps the first records and only their checks, flipping on one probe, with this plane leading', () => {
    const config = testConfig({ records: 10 });
    const primed = primingConfig(config, 'cloudflare', 3);
    expect(primed.records).toEqual(config.records.slice(0, 3));
    expect(primed.planes.leader).toBe('cloudflare');
    expect(primed.notify).toEqual([]);
    expect(primed.safety.dryRun).toBe(false);
    for (const check of Object.values(primed.checks)) {
      expect(check).toMatchObject({ planes: ['cloudflare'], failureThreshold: 1, successThreshold: 1 });
      expect(config.checks[check.name]).toMatchObject({ failureThreshold: 3 });
    }
  });
});
