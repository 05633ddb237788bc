/**
 * Scenarios in the topology as deployed (deployed.ts): 10 s checks, the Lambda invoked once a minute
 * with a 55 s probe window and a peer exchange after every round, the Worker probing on Durable Object
 * alarms. Times are ms from the start.
 */
import type { Scenario } from './engine';

const MIN = 60_000;
const SEC = 1_000;
const deployed = { topology: 'deployed', cadenceMs: 10 * SEC } as const;
// Outages start off the minute and off the 10 s grid, so no round happens to line up with them.
const OUTAGE = 5 * MIN + 23_700;
const primaryDown = {
  at: OUTAGE,
  label: 'primary down',
  act: (w: { origins: { setUp(c: string, up: boolean): void } }) => w.origins.setUp('pool0-health', false),
};
const dies = (plane: 'aws' | 'cloudflare') => ({
  at: 1 * MIN,
  label: `${plane} plane dies`,
  act: (w: { planes: Map<string, { alive: boolean }> }) => {
    w.planes.get(plane)!.alive = false;
  },
});

export const deployedScenarios: Scenario[] = [
  {
    ...deployed,
    name: 'deployed-primary-down',
    title: 'As deployed, 10 s checks: primary origin down, both planes healthy',
    story:
      "Each plane confirms its first failure 2 s apart (3 probes in 4 s); the Lambda reads the Worker's beacon from its Durable Object after every round and swaps once both agree.",
    durationMs: 12 * MIN,
    outageAt: OUTAGE,
    timeline: [primaryDown],
    expect: { swap: true, maxDetectionMs: 30 * SEC, finalPool: 'secondary' },
  },
  {
    ...deployed,
    name: 'deployed-aws-plane-dead',
    title: 'As deployed, 10 s checks: AWS plane dead (leader), then the primary fails',
    story:
      "The Worker's alarm rounds see the leader's heartbeat age past takeoverAfter; it takes over and swaps on its own view.",
    durationMs: 12 * MIN,
    outageAt: OUTAGE,
    timeline: [dies('aws'), primaryDown],
    expect: { swap: true, maxDetectionMs: 30 * SEC, finalPool: 'secondary' },
  },
  {
    ...deployed,
    name: 'deployed-cloudflare-plane-dead',
    title: 'As deployed, 10 s checks: Cloudflare plane dead (follower), then the primary fails',
    story:
      'The beacon route fails, so the Lambda falls back to the KV copy, which ages out of the vote; the leader decides on its own view.',
    durationMs: 12 * MIN,
    outageAt: OUTAGE,
    timeline: [dies('cloudflare'), primaryDown],
    expect: { swap: true, maxDetectionMs: 30 * SEC, finalPool: 'secondary' },
  },
  {
    ...deployed,
    name: 'deployed-probe-loss-10pct',
    title: 'As deployed, 10 s checks: 10% random probe loss, 300 minutes',
    story:
      'Fast confirmation turns a lone lost probe around in 2 s; three losses in a row on both planes at once stay rare, so the name never moves (P7).',
    durationMs: 300 * MIN,
    timeline: [
      {
        at: 0,
        label: 'lossy network',
        act: (w) => {
          w.origins.lossRate = 0.1;
        },
      },
    ],
    expect: { swap: false, finalPool: 'primary' },
  },
];
