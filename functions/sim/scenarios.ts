/** The outage scenarios every release is simulated against. Times are ms from the start. */
import type { Scenario } from './engine';

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
    title: 'Primary origin down, both planes healthy',
    durationMs: 20 * MIN,
    outageAt: 5 * MIN,
    timeline: [primaryDown(5 * MIN)],
    expect: { swap: true, maxDetectionMs: 5 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'aws-plane-dead',
    title: 'AWS plane dead (leader), then the primary fails',
    durationMs: 20 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      { at: 1 * MIN, label: 'aws plane dies', act: (w) => void (w.planes.get('aws')!.alive = false) },
      primaryDown(5 * MIN),
    ],
    // takeoverAfter (3m) is already over when the outage starts; detection is 3 rounds.
    expect: { swap: true, maxDetectionMs: 3 * MIN + 3 * MIN + MIN, finalPool: 'secondary' },
  },
  {
    name: 'cloudflare-plane-dead',
    title: 'Cloudflare plane dead (follower), then the primary fails',
    durationMs: 20 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      {
        at: 1 * MIN,
        label: 'cloudflare plane dies',
        act: (w) => void (w.planes.get('cloudflare')!.alive = false),
      },
      primaryDown(5 * MIN),
    ],
    expect: { swap: true, maxDetectionMs: 4 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'route53-api-down',
    title: 'Route 53 control plane down (us-east-1), Cloudflare API up',
    durationMs: 30 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      { at: 4 * MIN, label: 'route53 API down', act: (w) => void (w.providers.route53.fault = 'down') },
      primaryDown(5 * MIN),
      { at: 20 * MIN, label: 'route53 API back', act: (w) => void (w.providers.route53.fault = 'none') },
    ],
    // Cloudflare swaps in minutes; both providers agree once Route 53 answers again.
    expect: { swap: true, maxDetectionMs: 17 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'cloudflare-api-429-then-down',
    title: 'Cloudflare API throttled (429), then down',
    durationMs: 30 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      {
        at: 4 * MIN,
        label: 'cloudflare API throttled',
        act: (w) => void (w.providers.cloudflare.fault = 'throttled'),
      },
      primaryDown(5 * MIN),
      { at: 8 * MIN, label: 'cloudflare API down', act: (w) => void (w.providers.cloudflare.fault = 'down') },
      {
        at: 15 * MIN,
        label: 'cloudflare API back',
        act: (w) => void (w.providers.cloudflare.fault = 'none'),
      },
    ],
    expect: { swap: true, maxDetectionMs: 12 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'both-apis-throttled',
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
    title: '10% random probe loss with latency spikes, 10,000 ticks',
    durationMs: 5_000 * MIN,
    timeline: [{ at: 0, label: 'lossy network', act: (w) => void (w.origins.lossRate = 0.1) }],
    expect: { swap: false, finalPool: 'primary' },
  },
  {
    name: 'clock-skew-30s',
    title: '30 s clock skew between the planes',
    durationMs: 20 * MIN,
    outageAt: 5 * MIN,
    skewMs: { cloudflare: 30_000 },
    timeline: [primaryDown(5 * MIN)],
    expect: { swap: true, maxDetectionMs: 5 * MIN, finalPool: 'secondary' },
  },
  {
    name: 'leader-returns',
    title: 'The leader returns after a takeover and adopts the higher epoch',
    durationMs: 45 * MIN,
    outageAt: 5 * MIN,
    timeline: [
      { at: 1 * MIN, label: 'aws plane dies', act: (w) => void (w.planes.get('aws')!.alive = false) },
      primaryDown(5 * MIN),
      primaryUp(20 * MIN),
      // Back while the primary is healthy but the failback dwell has not passed: it must not undo the swap.
      { at: 22 * MIN, label: 'aws plane returns', act: (w) => void (w.planes.get('aws')!.alive = true) },
    ],
    expect: { swap: true, maxDetectionMs: 7 * MIN, finalPool: 'primary' },
  },
  {
    name: 'manual-pin-during-outage',
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
];
