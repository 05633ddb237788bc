import {
  PutItemCommand,
  QueryCommand,
  ResourceNotFoundException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { ChangeResourceRecordSetsCommand, InvalidChangeBatch } from '@aws-sdk/client-route-53';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { createAwsPlane } from '../../../functions/aws/plane';
import { readSettings } from '../../../functions/aws/settings';
import { parseConfig } from '../../../functions/core/config/validate';
import { type Harness, harness } from './harness';

const record = 'app.example.com';

function expectNothingWritten(h: Harness) {
  expect(h.aws.route53.mock).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
  expect(h.aws.dynamodb.mock).not.toHaveReceivedCommand(TransactWriteItemsCommand);
  expect(h.aws.dynamodb.mock).not.toHaveReceivedCommand(PutItemCommand);
}

describe('control handler', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['no action', {}, 'action', /must be one of failover, failback, pin/],
    ['an unknown action', { action: 'reboot' }, 'action', /must be one of/],
    ['a failover without a record', { action: 'failover' }, 'record', /expected string/],
    [
      'a record that is not managed',
      { action: 'failover', record: 'www.example.com' },
      'record',
      /not a managed record/,
    ],
    [
      'a pool that does not exist',
      { action: 'failover', record, pool: 'tertiary' },
      'pool',
      /not a pool of app.example.com\/A/,
    ],
    ['a pin without a pool', { action: 'pin', record }, 'pool', /expected string/],
    [
      'a pin until the past',
      { action: 'pin', record, pool: 'secondary', until: '2001-01-01T00:00:00Z' },
      'until',
      /in the future/,
    ],
    [
      'a pin until nonsense',
      { action: 'pin', record, pool: 'secondary', until: 'soon' },
      'until',
      /neither an ISO 8601 time nor a duration/,
    ],
    ['an unknown field', { action: 'status', verbose: true }, 'verbose', /unknown field/],
    ['a history limit out of range', { action: 'history', limit: 0 }, 'limit', /./],
    ['an event that is not an object', 'failover', 'action', /./],
  ])('refuses %s, naming the field and writing nothing', async (_, event, path, message) => {
    const h = harness();
    const response = await h.control(event);
    expect(response).toMatchObject({ ok: false, error: { type: 'RequestError' } });
    const issues = (response as { error: { issues: { path: string; message: string }[] } }).error.issues;
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
    expectNothingWritten(h);
  });

  it('refuses a plan over the change limit as UnsafePlanError, writing nothing', async () => {
    const config = harness().config;
    const h = harness({ config: { ...config, safety: { ...config.safety, maxChangesPerTick: 0 } } });
    const response = await h.control({ action: 'failover', record });
    expect(response).toMatchObject({
      ok: false,
      error: {
        type: 'UnsafePlanError',
        issues: [{ path: '', message: expect.stringContaining('exceed maxChangesPerTick (0)') }],
      },
    });
    expectNothingWritten(h);
  });

  it('answers a dry-run failover with the plan and writes nothing', async () => {
    const h = harness();
    const response = await h.control({ action: 'failover', record, dryRun: true });
    expect(response).toMatchObject({
      ok: true,
      action: 'failover',
      result: { dryRun: true, record: { activePool: 'secondary' } },
    });
    expectNothingWritten(h);
  });

  it('answers a manual action that no provider took as not applied, as the Worker and the CLI do', async () => {
    const h = harness();
    const message = 'Tried to create resource record set but it already exists';
    h.aws.route53.mock
      .on(ChangeResourceRecordSetsCommand)
      .rejects(new InvalidChangeBatch({ $metadata: { httpStatusCode: 400 }, message, messages: [message] }));
    h.cloudflare.faults.push({ status: 400, code: 9005, message: 'bad request', on: 'write', times: 10 });
    const response = await h.control({ action: 'failover', record });
    expect(response).toMatchObject({
      ok: false,
      error: {
        type: 'NotAppliedError',
        message: expect.stringMatching(/^the change was not applied: no provider took the change/),
      },
      result: { dryRun: false, record: { committed: false, activePool: 'secondary' } },
    });
    expect(h.aws.dynamodb.mock).not.toHaveReceivedCommand(TransactWriteItemsCommand);
  });

  it('reports a store failure as a typed, non-retryable error', async () => {
    const h = harness();
    h.aws.dynamodb.mock
      .on(QueryCommand)
      .rejects(new ResourceNotFoundException({ $metadata: {}, message: 'Requested resource not found' }));
    expect(await h.control({ action: 'status' })).toMatchObject({
      ok: false,
      error: {
        type: 'StoreError',
        retryable: false,
        message: expect.stringContaining('ResourceNotFoundException'),
      },
    });
  });

  it('reports an invalid bundled configuration at cold start, then validates again', async () => {
    let attempts = 0;
    const h = harness({
      setup: () => {
        attempts++;
        return createAwsPlane({
          config: parseConfig({ providers: {}, checks: {}, records: [] }),
          settings: readSettings({ TWINPLANE_TABLE: 't' }),
          clients: harness().aws.clients,
        });
      },
    });
    const first = await h.control({ action: 'status' });
    expect(first).toMatchObject({
      ok: false,
      error: { type: 'ConfigError', issues: [{ path: 'records', message: expect.any(String) }] },
    });
    await h.control({ action: 'status' });
    expect(attempts).toBe(2);
  });

  it('names a missing environment variable', async () => {
    const config = harness().config;
    const h = harness({
      setup: () => createAwsPlane({ config, settings: readSettings({}), clients: harness().aws.clients }),
    });
    expect(await h.control({ action: 'status' })).toMatchObject({
      ok: false,
      error: {
        type: 'ConfigError',
        issues: [{ path: 'environment.TWINPLANE_TABLE', message: expect.stringContaining('is required') }],
      },
    });
  });

  it('logs JSON lines tagged with the request, and the refusal as a warning', async () => {
    const h = harness();
    await h.control({ action: 'nope' });
    const refusal = h.logs().find((l) => l.message === 'control refused');
    expect(refusal).toMatchObject({
      level: 'warn',
      service: 'twinplane',
      plane: 'aws',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      error: { type: 'RequestError' },
    });
    const emf = h.logs().find((l) => '_aws' in l);
    expect(emf).toMatchObject({ outcome: 'RequestError', control_requests_total: 1 });
  });
});
