/** The Route 53 data-plane model against AWS's documented semantics, on the sets twinplane creates. */
import { describe, expect, it } from 'vitest';
import { type DataPlaneHealthCheck, desiredDataPlane } from '../../functions/core/dataplane-plan';
import { checkerDelayMs, Route53DataPlane } from '../../functions/sim/route53-dataplane';
import { dataPlaneConfig, VERDICT_SECRET } from '../helpers/dataplane';

const PRIMARY = '192.0.2.10';
const SECONDARY = '198.51.100.20';
const TERTIARY = '203.0.113.30';

/** Each verdict endpoint answers `status[plane][pool]` (undefined: no answer) to checkers below `reach`. */
function world(rule: 'any' | 'all' = 'any') {
  const config = dataPlaneConfig({ route53: { rule } });
  const desired = desiredDataPlane(config, config.records[0]!, VERDICT_SECRET);
  const status: Record<string, number | undefined> = {};
  const net = { reach: 16 };
  const model = new Route53DataPlane(
    desired,
    {
      async request(check: DataPlaneHealthCheck, checker: number) {
        if (checker >= net.reach) return undefined;
        return status[`${check.plane}/${check.pool}`] ?? 503;
      },
    },
    0,
  );
  return { model, status, net };
}

describe('Route 53 data-plane model', () => {
  it('answers the primary while every verdict says stay, a new inverted check included', async () => {
    const { model } = world();
    expect(model.answer()).toEqual([PRIMARY]);
    await model.advance(120_000);
    expect(model.answer()).toEqual([PRIMARY]);
  });

  it("rule any: one plane's move-away flips the inverted check after failureThreshold results", async () => {
    const { model, status } = world('any');
    await model.advance(60_000);
    status['aws/primary'] = 200;
    await model.advance(60_000 + 19_000);
    expect(model.answer()).toEqual([PRIMARY]);
    await model.advance(60_000 + checkerDelayMs({ requestIntervalS: 10, failureThreshold: 3 }));
    expect(model.answer()).toEqual([SECONDARY]);
  });

  it('rule all: one plane is not enough, both are', async () => {
    const { model, status } = world('all');
    status['aws/primary'] = 200;
    await model.advance(120_000);
    expect(model.answer()).toEqual([PRIMARY]);
    status['cloudflare/primary'] = 200;
    await model.advance(240_000);
    expect(model.answer()).toEqual([SECONDARY]);
  });

  it('walks the chain: primary and secondary moved away answer the tertiary', async () => {
    const { model, status } = world();
    status['aws/primary'] = 200;
    status['aws/secondary'] = 200;
    await model.advance(120_000);
    expect(model.answer()).toEqual([TERTIARY]);
  });

  it('moves only when more than 18% of the checkers hear move-away (the inverted check of a raw healthy one)', async () => {
    const { model, status, net } = world();
    status['aws/primary'] = 200;
    net.reach = 2; // 2 of 16 checkers (12.5%) hear 200, the rest no answer -> raw unhealthy -> stays
    await model.advance(120_000);
    expect(model.answer()).toEqual([PRIMARY]);
    net.reach = 3; // 3 of 16 (18.75%) -> raw healthy -> inverted unhealthy -> moves
    await model.advance(240_000);
    expect(model.answer()).toEqual([SECONDARY]);
  });

  it('fails open: every set of a failover group unhealthy answers the primary', async () => {
    const config = dataPlaneConfig();
    const desired = desiredDataPlane(config, config.records[0]!, VERDICT_SECRET);
    // Give the last level's SECONDARY a check that is unhealthy, and move both earlier pools away.
    const last = desired.sets.find((s) => s.setIdentifier === 'twinplane-tertiary')!;
    last.healthCheck = desired.healthChecks.find((c) => c.key.endsWith('secondary#combined'))!.key;
    const model = new Route53DataPlane(
      desired,
      { request: async (check) => (check.pool === 'tertiary' ? 503 : 200) },
      0,
    );
    await model.advance(120_000);
    expect(model.answer()).toEqual([PRIMARY]);
  });
});
