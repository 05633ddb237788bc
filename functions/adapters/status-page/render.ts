/**
 * The status page every plane serves (the local plane's `run --http-port`, the Worker's `/status`): one
 * small self-contained HTML document, no script and no framework, rendered from the same status report
 * and history the API and CLI answer with. Every value is escaped.
 */
import type { StatusReport } from '../../core/manual';
import type { Transition } from '../../core/types';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: unknown) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1_000));
  if (s < 120) return `${s} s`;
  if (s < 7_200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3_600)} h`;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2330;background:#fafbfc}
h1{font-size:1.4rem;margin:0 0 .2rem}h2{font-size:1.05rem;margin:1.6rem 0 .5rem}
.meta{color:#5b6475;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d8dde6}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e6e9ef;vertical-align:top}
th{background:#f0f2f6;font-weight:600}
.healthy{color:#136c2e;font-weight:600}.unhealthy{color:#b3261e;font-weight:600}
.unknown,.degraded{color:#8a5a00;font-weight:600}.muted{color:#5b6475}
.pool{font-weight:600}.warn{color:#8a5a00}`;

const statusClass = (status: string) =>
  ['healthy', 'unhealthy', 'degraded'].includes(status) ? status : 'unknown';

function table(headers: readonly string[], rows: readonly string[][]): string {
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

export function renderStatusPage(status: StatusReport, history: readonly Transition[]): string {
  const records = table(
    ['record', 'active pool', 'epoch', 'since', 'last transition'],
    status.records.map((r) => {
      const last = r.lastTransition;
      const pin = r.pin ? ` <span class="warn">(pinned)</span>` : '';
      const hold = r.holding ? ` <span class="unhealthy">HOLDING: every pool unhealthy</span>` : '';
      return [
        escapeHtml(r.record),
        `<span class="pool">${escapeHtml(r.activePool)}</span>${pin}${hold}`,
        escapeHtml(r.epoch),
        escapeHtml(iso(r.since)),
        last
          ? `${escapeHtml(last.kind)} ${escapeHtml(last.from ?? '(none)')} → ${escapeHtml(last.to)} at ${escapeHtml(iso(last.at))} by ${escapeHtml(last.plane)}: ${escapeHtml(last.reason)}`
          : '<span class="muted">none yet</span>',
      ];
    }),
  );
  const vantages = status.vantages.map((v) => v.plane);
  const checks = table(
    ['check', 'agreed', ...vantages.map((v) => `seen from ${v}`)],
    Object.entries(status.health).map(([name, h]) => [
      escapeHtml(name),
      `<span class="${statusClass(h.status)}">${escapeHtml(h.status)}</span>`,
      ...status.vantages.map((v) => {
        const c = v.checks[name];
        if (!c) return '<span class="muted">no data</span>';
        const reason = c.reason ? ` <span class="muted">${escapeHtml(c.reason)}</span>` : '';
        return `<span class="${statusClass(c.status)}">${escapeHtml(c.status)}</span>${reason}`;
      }),
    ]),
  );
  const beacons =
    status.beacons.length === 0
      ? '<p class="muted">no beacon yet</p>'
      : table(
          ['plane', 'last beacon', 'age'],
          status.beacons.map((b) => [escapeHtml(b.plane), escapeHtml(iso(b.at)), escapeHtml(age(b.ageMs))]),
        );
  const recent =
    history.length === 0
      ? '<p class="muted">no transitions recorded</p>'
      : table(
          ['at', 'record', 'transition', 'epoch', 'plane', 'reason'],
          history.map((t) => [
            escapeHtml(iso(t.at)),
            escapeHtml(t.record),
            `${escapeHtml(t.kind)} ${escapeHtml(t.from ?? '(none)')} → ${escapeHtml(t.to)}`,
            escapeHtml(t.epoch),
            escapeHtml(t.plane),
            escapeHtml(t.reason),
          ]),
        );
  const warnings = status.warnings.map((w) => `<li class="warn">${escapeHtml(w)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="15"><title>twinplane status: ${escapeHtml(status.plane)} plane</title>
<style>${STYLE}</style></head><body>
<h1>twinplane status</h1>
<p class="meta">the ${escapeHtml(status.plane)} plane at ${escapeHtml(iso(status.at))} · refreshes every 15 s</p>
<h2>Records</h2>${records}
<h2>Checks per vantage</h2>${checks}
<h2>Planes</h2>${beacons}
<h2>Recent transitions</h2>${recent}
${warnings ? `<h2>Warnings</h2><ul>${warnings}</ul>` : ''}
</body></html>
`;
}

export const STATUS_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No script, no frames, nothing loaded from elsewhere.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};
