import { describe, expect, it } from 'vitest';
import { escapeHtml, renderStatusPage } from '../../../../functions/adapters/status-page/render';
import type { StatusReport } from '../../../../functions/core/manual';
import type { Transition } from '../../../../functions/core/types';

const AT = Date.UTC(2026, 11, 2, 12, 0, 0);
const transition: Transition = {
  id: 'app.example.com/A#1',
  record: 'app.example.com/A',
  epoch: 1,
  from: 'primary',
  to: 'secondary',
  kind: 'failover',
  reason: 'primary unhealthy: status 503 <from origin>',
  at: AT - 60_000,
  plane: 'aws',
  failing: [],
};
const status: StatusReport = {
  plane: 'local',
  at: AT,
  records: [
    {
      record: 'app.example.com/A',
      activePool: 'secondary',
      epoch: 1,
      since: AT - 60_000,
      reason: transition.reason,
      lastTransition: transition,
    },
  ],
  health: {
    'primary-health': { status: 'unhealthy', failing: [], vantages: {} } as never,
    'secondary-health': { status: 'healthy', failing: [], vantages: {} } as never,
  },
  vantages: [
    { plane: 'local', at: AT, checks: { 'primary-health': { status: 'unhealthy', reason: 'status 503' } } },
    { plane: 'aws', at: AT - 5_000, checks: { 'secondary-health': { status: 'healthy' } } },
  ],
  beacons: [{ plane: 'aws', at: AT - 5_000, ageMs: 5_000 }],
  warnings: ['peer cloudflare: no beacon within 2000 ms'],
};

describe('status page', () => {
  const html = renderStatusPage(status, [transition]);

  it('shows each record with its active pool, epoch and last transition with its reason', () => {
    expect(html).toContain(
      '<td>app.example.com/A</td><td><span class="pool">secondary</span></td><td>1</td>',
    );
    expect(html).toContain('failover primary → secondary at 2026-12-02T11:59:00Z by aws');
  });

  it('shows every check per vantage, marking what each one lacks', () => {
    expect(html).toContain('<th>seen from local</th><th>seen from aws</th>');
    expect(html).toContain('<span class="unhealthy">unhealthy</span> <span class="muted">status 503</span>');
    expect(html).toContain('<span class="muted">no data</span>');
  });

  it('shows beacon ages, recent history and warnings', () => {
    expect(html).toContain('<td>aws</td><td>2026-12-02T11:59:55Z</td><td>5 s</td>');
    expect(html).toContain('<h2>Recent transitions</h2><table>');
    expect(html).toContain('peer cloudflare: no beacon within 2000 ms');
  });

  it('escapes every value it shows', () => {
    expect(html).toContain('status 503 &lt;from origin&gt;');
    expect(html).not.toContain('<from origin>');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
