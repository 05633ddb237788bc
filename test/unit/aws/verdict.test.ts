/** The verdict Lambda on function URL events: 200 move-away, 503 stay, 404 never 200, and fail safe. */
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../functions/adapters/memory/store';
import { createVerdictHandler } from '../../../functions/aws/verdict';
import { verdictPath } from '../../../functions/core/verdict';
import { DP_KEY, dataPlaneConfig, stateOn, VERDICT_SECRET } from '../../helpers/dataplane';

const event = (rawPath: string, method = 'GET') =>
  ({ rawPath, requestContext: { http: { method } } }) as unknown as LambdaFunctionURLEvent;

async function handler(
  options: { pool?: string; secret?: () => Promise<string | undefined>; broken?: boolean } = {},
) {
  const store = new MemoryStateStore();
  if (options.pool) await store.commit(stateOn(options.pool), 0);
  const config = dataPlaneConfig();
  return createVerdictHandler(() => ({
    config,
    store: options.broken ? { loadRecords: () => Promise.reject(new Error('DynamoDB down')) } : store,
    secret: options.secret ?? (async () => VERDICT_SECRET),
  }));
}

const ask = (pool: string, secret = VERDICT_SECRET) => event(verdictPath(secret, DP_KEY, pool));

describe('verdict Lambda', () => {
  it('answers 200 move-away for a pool the committed state has moved past, 503 stay for the others', async () => {
    const h = await handler({ pool: 'tertiary' });
    expect(await h(ask('primary'))).toMatchObject({ statusCode: 200, body: 'move-away' });
    expect(await h(ask('secondary'))).toMatchObject({ statusCode: 200, body: 'move-away' });
    const stay = await h(ask('tertiary'));
    expect(stay).toMatchObject({ statusCode: 503, body: 'stay' });
    expect(stay.headers).toMatchObject({ 'cache-control': 'no-store' });
  });

  it('stays without any committed state', async () => {
    expect(await (await handler())(ask('primary'))).toMatchObject({ statusCode: 503, body: 'stay' });
  });

  it.each([
    ['a wrong secret', ask('primary', `${VERDICT_SECRET}0`)],
    ['an unknown pool', ask('nope')],
    ['a record in swap mode', event(verdictPath(VERDICT_SECRET, 'www.example.com/A', 'primary'))],
    ['another path', event('/v1/status')],
  ])('answers 404 for %s', async (_what, e) => {
    expect(await (await handler({ pool: 'tertiary' }))(e)).toMatchObject({ statusCode: 404 });
  });

  it('answers 405 to anything but GET', async () => {
    expect(
      await (await handler({ pool: 'tertiary' }))(
        event(verdictPath(VERDICT_SECRET, DP_KEY, 'primary'), 'POST'),
      ),
    ).toMatchObject({
      statusCode: 405,
    });
  });

  it.each([
    ['DynamoDB cannot be read', { broken: true }],
    ['SSM cannot be read', { secret: () => Promise.reject(new Error('SSM down')) }],
    ['no secret is configured', { secret: async () => undefined }],
  ])('never answers move-away when %s', async (_what, options) => {
    const result = await (await handler({ pool: 'tertiary', ...options }))(ask('primary'));
    expect(result.statusCode).not.toBe(200);
  });
});
