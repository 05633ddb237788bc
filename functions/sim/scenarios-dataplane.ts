/** Scenarios of Route 53 data-plane mode: Route 53's own checkers move its answer. Times are ms from the start. */
import type { Scenario } from './engine';
import { checkerDelayMs } from './route53-dataplane';

const MIN = 60_000;
/** The sim record's defaults: fast interval (10 s), failureThreshold 3. */
const CHECKERS = checkerDelayMs({ requestIntervalS: 10, failureThreshold: 3 });

export const dataPlaneScenarios: Scenario[] = [
  {
    name: 'route53-api-down-dataplane',
    story:
      "Route 53 in data-plane mode: the planes' verdict endpoints say move-away, Route 53's checkers flip the inverted checks, the failover set answers the secondary. Not one Route 53 API call after setup.",
    title: 'Route 53 control plane down, primary fails (route53 mode dataplane)',
    route53Mode: 'dataplane',
    durationMs: 30 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      {
        at: 4 * MIN,
        label: 'route53 API down for good',
        act: (w) => {
          w.providers.route53.fault = 'down';
        },
      },
      {
        at: 5 * MIN,
        label: 'primary down',
        act: (w) => w.origins.setUp('pool0-health', false),
      },
    ],
    // The swap-mode detection bound (primary-down) plus the checkers' time: 3 results 10 s apart.
    expect: { swap: true, maxDetectionMs: 5 * MIN + CHECKERS, finalPool: 'secondary' },
  },
  {
    name: 'verdicts-unreachable',
    story:
      'Inverted checks read an endpoint that does not answer as healthy, so losing both verdict endpoints (or a share of the checkers) never moves the name.',
    title: 'Verdict endpoints unreachable (route53 mode dataplane)',
    route53Mode: 'dataplane',
    durationMs: 30 * MIN,
    timeline: [
      {
        at: 2 * MIN,
        label: '70% of the checkers lose the verdict endpoints',
        act: (w) => {
          w.verdicts!.unreachableShare = 0.7;
        },
      },
      {
        at: 8 * MIN,
        label: 'both verdict endpoints down',
        act: (w) => {
          w.verdicts!.down.add('aws');
          w.verdicts!.down.add('cloudflare');
        },
      },
      {
        at: 25 * MIN,
        label: 'verdict endpoints back',
        act: (w) => {
          w.verdicts!.down.clear();
          w.verdicts!.unreachableShare = 0;
        },
      },
    ],
    expect: { swap: false, finalPool: 'primary' },
  },
  {
    name: 'probe-loss-dataplane',
    story:
      "Noise below the planes' thresholds never changes a verdict, so Route 53's checkers never see a move-away (P7).",
    title: '10% random probe loss, 1,000 ticks (route53 mode dataplane)',
    route53Mode: 'dataplane',
    durationMs: 1_000 * MIN,
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
