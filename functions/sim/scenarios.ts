/** The outage scenarios every release is simulated against. Times are ms from the start. */
import type { Scenario } from './engine';
import { dataPlaneScenarios } from './scenarios-dataplane';
import { deployedScenarios } from './scenarios-deployed';

const MIN = 60_000;
const primaryDown = (at: number) => ({
  at,
  label: 'primary down',
  act: (w: { origins: { setUp(c: string, up: boolean): void } }) => w.origins.setUp('pool0-health', false),
});
const primaryUp = (at: number) => ({
  at,
  label: 'primary up',
  act: (w: { origins: { setUp(c: string, up: boolean): void } }) => w.origins.setUp('pool0-health', true),
});

export const scenarios: Scenario[] = [
  {
    name: 'primary-down',
    story:
      'Both planes see the primary fail; once a majority of fresh vantages agree, the leader (AWS) swaps both providers in one pass.',
    title: 'Primary origin down, both planes healthy',
    durationMs: 20 * MIN,
    outageAt: 5 * MIN,
    timeline: [primaryDown(5 * MIN)],
    expect: { swap: true, maxDetectionMs: 5 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'aws-plane-dead',
    story:
      "The Worker sees the leader's heartbeat age past takeoverAfter, takes over, and alone (the only fresh vantage) swaps both providers.",
    title: 'AWS plane dead (leader), then the primary fails',
    durationMs: 20 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      {
        at: 1 * MIN,
        label: 'aws plane dies',
        act: (w) => {
          w.planes.get('aws')!.alive = false;
        },
      },
      primaryDown(5 * MIN),
    ],
    // takeoverAfter (3m) is already over when the outage starts; detection is 3 rounds.
    expect: { swap: true, maxDetectionMs: 3 * MIN + 3 * MIN + MIN, finalPool: 'secondary' },
  },
  {
    name: 'cloudflare-plane-dead',
    story:
      "The follower's observations go stale and drop out of the vote; the leader decides on its own view.",
    title: 'Cloudflare plane dead (follower), then the primary fails',
    durationMs: 20 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      {
        at: 1 * MIN,
        label: 'cloudflare plane dies',
        act: (w) => {
          w.planes.get('cloudflare')!.alive = false;
        },
      },
      primaryDown(5 * MIN),
    ],
    expect: { swap: true, maxDetectionMs: 4 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'route53-api-down',
    story:
      'Cloudflare is swapped at once; Route 53 refuses every call, so its record converges on the first tick after its API returns (P6).',
    title: 'Route 53 control plane down (us-east-1), Cloudflare API up',
    durationMs: 30 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      {
        at: 4 * MIN,
        label: 'route53 API down',
        act: (w) => {
          w.providers.route53.fault = 'down';
        },
      },
      primaryDown(5 * MIN),
      {
        at: 20 * MIN,
        label: 'route53 API back',
        act: (w) => {
          w.providers.route53.fault = 'none';
        },
      },
    ],
    // Cloudflare swaps in minutes; both providers agree once Route 53 answers again.
    expect: { swap: true, maxDetectionMs: 17 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'cloudflare-api-429-then-down',
    story:
      'Route 53 is swapped; Cloudflare converges on the first tick after its API answers again. Throttled calls are retried on later ticks, never hammered.',
    title: 'Cloudflare API throttled (429), then down',
    durationMs: 30 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      {
        at: 4 * MIN,
        label: 'cloudflare API throttled',
        act: (w) => {
          w.providers.cloudflare.fault = 'throttled';
        },
      },
      primaryDown(5 * MIN),
      {
        at: 8 * MIN,
        label: 'cloudflare API down',
        act: (w) => {
          w.providers.cloudflare.fault = 'down';
        },
      },
      {
        at: 15 * MIN,
        label: 'cloudflare API back',
        act: (w) => {
          w.providers.cloudflare.fault = 'none';
        },
      },
    ],
    expect: { swap: true, maxDetectionMs: 12 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'both-apis-throttled',
    story:
      'Calls refused by either API are retried on the next tick; the transition is recorded once however many ticks it takes.',
    title: 'Both provider APIs throttled (half the calls refused)',
    durationMs: 30 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      {
        at: 0,
        label: 'both APIs throttled',
        act: (w) => {
          w.providers.route53.fault = 'throttled';
          w.providers.cloudflare.fault = 'throttled';
        },
      },
      primaryDown(5 * MIN),
    ],
    expect: { swap: true, maxDetectionMs: 12 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'partition',
    story:
      "A majority of two vantages needs both: one plane's lost path never moves the name (use agreement: any to prefer moving).",
    title: 'Partition: AWS sees the primary down, Cloudflare sees it up',
    durationMs: 25 * MIN,
    timeline: [
      {
        at: 5 * MIN,
        label: 'aws loses its path to the primary',
        act: (w) => w.origins.hide('aws', 'pool0-health', true),
      },
      { at: 20 * MIN, label: 'path restored', act: (w) => w.origins.hide('aws', 'pool0-health', false) },
    ],
    expect: { swap: false, finalPool: 'primary' },
  },
  {
    name: 'probe-loss-10pct',
    story:
      'Random losses rarely reach failureThreshold in a row on both planes at once, so noise never moves the name (P7).',
    title: '10% random probe loss with latency spikes, 10,000 ticks',
    durationMs: 5_000 * MIN,
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
  {
    name: 'clock-skew-30s',
    story:
      "Decisions use each plane's own clock only for its own streaks and dwell; epochs, not timestamps, order transitions, so skew cannot cause ping-pong.",
    title: '30 s clock skew between the planes',
    durationMs: 20 * MIN,
    outageAt: 5 * MIN,
    skewMs: { cloudflare: 30_000 },
    timeline: [primaryDown(5 * MIN)],
    expect: { swap: true, maxDetectionMs: 5 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'leader-returns',
    story:
      "The returning leader finds a newer epoch in the providers' markers and adopts it instead of undoing the swap; failback then waits for the dwell.",
    title: 'The leader returns after a takeover and adopts the higher epoch',
    durationMs: 45 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      {
        at: 1 * MIN,
        label: 'aws plane dies',
        act: (w) => {
          w.planes.get('aws')!.alive = false;
        },
      },
      primaryDown(5 * MIN),
      primaryUp(20 * MIN),
      // Back while the primary is healthy but the failback dwell has not passed: it must not undo the swap.
      {
        at: 22 * MIN,
        label: 'aws plane returns',
        act: (w) => {
          w.planes.get('aws')!.alive = true;
        },
      },
    ],
    expect: { swap: true, maxDetectionMs: 7 * MIN, finalPool: 'primary' },
  },
  {
    name: 'split-brain-equal-epoch',
    story:
      "The Worker, blind to the leader's beacon, takes over; AWS (primary and secondary down to it) commits tertiary@1 with only Route 53 written (Cloudflare 429), the Worker (primary down) secondary@1 with only Cloudflare (Route 53 not answering it); at the equal epoch the leader's marker outranks, the Worker adopts it and both providers end on tertiary, one transition for epoch 1.",
    title: 'Split brain at one epoch: both planes apply, see health differently, each reaches one provider',
    durationMs: 20 * MIN,
    outageAt: 5 * MIN,
    tertiary: true,
    agreement: 'any',
    timeline: [
      {
        at: 0,
        label: 'the Worker cannot read the AWS beacon; AWS cannot reach the secondary',
        act: (w) => {
          w.planes.get('aws')!.storeDown = true;
          w.origins.hide('aws', 'pool1-health', true);
        },
      },
      primaryDown(5 * MIN),
      {
        at: 6 * MIN + 30_000,
        label: 'cloudflare API throttled (every call)',
        act: (w) => {
          w.providers.cloudflare.fault = 'throttled';
          w.providers.cloudflare.throttleRate = 1;
        },
      },
      {
        at: 7 * MIN + 5_000,
        label: 'cloudflare API back; route53 stops answering',
        act: (w) => {
          w.providers.cloudflare.fault = 'none';
          w.providers.route53.fault = 'down';
        },
      },
      {
        at: 7 * MIN + 20_000,
        label: 'route53 API back',
        act: (w) => {
          w.providers.route53.fault = 'none';
        },
      },
      {
        at: 10 * MIN,
        label: 'the Worker reads the AWS beacon again',
        act: (w) => {
          w.planes.get('aws')!.storeDown = false;
        },
      },
    ],
    expect: { swap: true, swapTo: 'tertiary', maxDetectionMs: 5 * MIN, finalPool: 'tertiary' },
  },
  {
    name: 'manual-pin-during-outage',
    story:
      'A pin holds the secondary after the primary recovers; after the unpin, failback follows the normal dwell.',
    title: 'An operator pins the secondary during an outage, then unpins',
    durationMs: 45 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      primaryDown(5 * MIN),
      {
        at: 10 * MIN,
        label: 'operator pins secondary',
        act: (w) => w.manual('aws', { action: 'pin', record: 'app.example.com', pool: 'secondary' }),
      },
      primaryUp(12 * MIN),
      {
        at: 30 * MIN + 30_000,
        label: 'operator unpins',
        act: (w) => w.manual('aws', { action: 'unpin', record: 'app.example.com' }),
      },
    ],
    expect: { swap: true, maxDetectionMs: 5 * MIN, finalPool: 'primary' },
  },
  ...dataPlaneScenarios,
  ...deployedScenarios,
];
