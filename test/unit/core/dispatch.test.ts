/** Requests through dispatch: the config's dry run holds whatever a request asks. */
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../functions/core/config/model';
import { dispatch } from '../../../functions/core/dispatch';
import { testConfig } from '../../helpers/fakes';
import { TestPlane } from '../../helpers/plane';

const dryConfig = (): Config => {
  const config = testConfig();
  return { ...config, safety: { ...config.safety, dryRun: true } };
};

const writes = (plane: TestPlane) => ({
  provider: plane.providers.route53.calls.apply + plane.providers.cloudflare.calls.apply,
  store: plane.store.calls.commit,
});

describe('dispatch with safety.dryRun in the config', () => {
  it.each<[string, Record<string, unknown>]>([
    ['run', { action: 'run' }],
    ['run asking to write', { action: 'run', dryRun: false }],
    ['failover', { action: 'failover', record: 'app.example.com' }],
    ['failover asking to write', { action: 'failover', record: 'app.example.com', dryRun: false }],
    ['failback asking to write', { action: 'failback', record: 'app.example.com', dryRun: false }],
    ['pin asking to write', { action: 'pin', record: 'app.example.com', pool: 'secondary', dryRun: false }],
    ['unpin asking to write', { action: 'unpin', record: 'app.example.com', dryRun: false }],
  ])('%s writes to no provider and commits nothing', async (_, request) => {
    const plane = new TestPlane(dryConfig());
    const answer = await dispatch(plane.deps, request, 'test');
    expect(writes(plane)).toEqual({ provider: 0, store: 0 });
    expect(answer.result).toMatchObject({ dryRun: true });
  });

  it('a failover still reports what it would do', async () => {
    const plane = new TestPlane(dryConfig());
    const answer = await dispatch(plane.deps, { action: 'failover', record: 'app.example.com' }, 'test');
    expect(answer.result).toMatchObject({
      dryRun: true,
      record: { activePool: 'secondary', decision: 'transition', committed: false },
    });
  });

  it('a request may still ask for a dry run when the config writes', async () => {
    const plane = new TestPlane(testConfig());
    await dispatch(plane.deps, { action: 'run', dryRun: true }, 'test');
    await dispatch(plane.deps, { action: 'failover', record: 'app.example.com', dryRun: true }, 'test');
    expect(writes(plane)).toEqual({ provider: 0, store: 0 });
    await dispatch(plane.deps, { action: 'failover', record: 'app.example.com' }, 'test');
    expect(writes(plane).store).toBe(1);
  });
});
