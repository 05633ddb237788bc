import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKvBeaconReader } from '../../../../functions/adapters/kv/peer-reader';
import { ProviderError } from '../../../../functions/core/errors';
import type { Beacon } from '../../../../functions/core/types';
import { type FakeHarness, startFake } from '../../../fakes/cloudflare/harness';

const beacon: Beacon = {
  plane: 'cloudflare',
  at: Date.UTC(2026, 0, 1),
  records: { 'app.example.com/A': { activePool: 'secondary', epoch: 2 } },
  view: { vantage: 'cloudflare', at: Date.UTC(2026, 0, 1), checks: {} },
};

let h: FakeHarness;
beforeAll(async () => {
  h = await startFake();
});
afterAll(() => h.server.close());
beforeEach(() => h.fake.reset());

const reader = (token = h.fake.token) =>
  createKvBeaconReader({ accountId: 'acc', namespaceId: 'ns1', apiToken: token, baseURL: h.baseURL });
const signal = () => new AbortController().signal;

describe('createKvBeaconReader', () => {
  it('reads the Cloudflare plane beacon from KV through the API', async () => {
    h.fake.kv.set('ns1/beacon:cloudflare', JSON.stringify(beacon));
    expect(await reader().read(signal())).toEqual(beacon);
  });

  it('reads no beacon when the Worker never published one', async () => {
    expect(await reader().read(signal())).toBeUndefined();
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['from another plane', JSON.stringify({ ...beacon, plane: 'aws' }), 'from aws'],
    ['without a time', JSON.stringify({ ...beacon, at: 'soon' }), 'no time'],
  ])('refuses a beacon that is %s', async (_name, text, message) => {
    h.fake.kv.set('ns1/beacon:cloudflare', text);
    await expect(reader().read(signal())).rejects.toThrow(message);
  });

  it('reports a token the API refuses as a ProviderError', async () => {
    const error = await reader('wrong')
      .read(signal())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: false, code: '10000' });
  });
});
