import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ConflictError,
  errorBody,
  isRetryable,
  ProviderError,
  RequestError,
  SecretError,
  StoreError,
  UnsafePlanError,
} from '../../../functions/core/errors';

describe('errorBody: one error shape on every plane', () => {
  it.each([
    [
      new RequestError([{ path: 'pool', message: 'bad' }]),
      { type: 'RequestError', retryable: false, issues: [{ path: 'pool', message: 'bad' }] },
    ],
    [
      new ConfigError([{ path: 'providers.route53', message: 'x' }]),
      { type: 'ConfigError', retryable: false },
    ],
    [
      new UnsafePlanError(['too many changes']),
      { type: 'UnsafePlanError', retryable: false, issues: [{ path: '', message: 'too many changes' }] },
    ],
    [
      new ProviderError('route53', 'Throttling', { retryable: true }),
      { type: 'ProviderError', retryable: true },
    ],
    [
      new ProviderError('route53', 'InvalidChangeBatch', { retryable: false }),
      { type: 'ProviderError', retryable: false },
    ],
    [new StoreError('throttled', { retryable: true }), { type: 'StoreError', retryable: true }],
    [new SecretError('TOKEN', 'missing', { retryable: false }), { type: 'SecretError', retryable: false }],
    [new SecretError('TOKEN', 'throttled', { retryable: true }), { type: 'SecretError', retryable: true }],
    [new ConflictError('marker', 'lost'), { type: 'ConflictError', retryable: true }],
    [new TypeError('boom'), { type: 'InternalError', message: 'boom', retryable: false }],
  ])('%s', (error, expected) => {
    expect(errorBody(error)).toMatchObject(expected);
    expect(errorBody(error).retryable).toBe(isRetryable(error));
  });

  it('names the source of a configuration', () => {
    expect(new ConfigError([{ path: 'a', message: 'b' }], { source: 'twinplane.yaml' }).message).toBe(
      'configuration twinplane.yaml is invalid:\na: b',
    );
  });
});
