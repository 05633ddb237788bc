/** What a notification says: what changed, why (failing checks and their reasons), who disagreed. */
import type { CoreEvent, FailingCheck, PlaneId } from '../../core/types';

export type Severity = 'info' | 'warning' | 'critical';

export interface Message {
  title: string;
  /** Plain text lines; each target formats them its own way. */
  lines: string[];
  severity: Severity;
  /** The event the message is about; a digest's first. */
  event: CoreEvent;
  /** A digest's events, every one it stands for. */
  events?: readonly CoreEvent[];
  plane: PlaneId;
}

const why = (failing: readonly FailingCheck[]) =>
  failing.length === 0
    ? []
    : ['Why:', ...failing.map((f) => `  - ${f.check} from ${f.vantage}: ${f.reason}`)];

/** The events worth waking someone for; the rest go to logs and metrics only. */
export function toMessage(event: CoreEvent, plane: PlaneId): Message | undefined {
  const base = { event, plane };
  switch (event.type) {
    case 'transition': {
      const t = event.transition;
      const verb = t.kind.replace('-', ' ');
      return {
        ...base,
        severity: t.kind === 'failover' ? 'critical' : 'warning',
        title: `${t.record}: ${verb} ${t.from ?? '(none)'} -> ${t.to} (epoch ${t.epoch})`,
        lines: [
          `Reason: ${t.reason}`,
          ...why(t.failing),
          ...(t.dissent?.length ? [`Vantages that disagreed: ${t.dissent.join(', ')}`] : []),
          `Plane: ${t.plane}, at ${new Date(t.at).toISOString()}`,
        ],
      };
    }
    case 'fail-static':
      return {
        ...base,
        severity: 'critical',
        title: `${event.record}: every pool is unhealthy; holding ${event.activePool}`,
        lines: [
          `Reason: ${event.reason}`,
          ...why(event.failing),
          `Plane: ${plane}, at ${new Date(event.at).toISOString()}`,
        ],
      };
    case 'fail-static-cleared':
      return {
        ...base,
        severity: 'info',
        title: `${event.record}: ${event.activePool} is healthy again`,
        lines: [`Fail-static cleared on the ${plane} plane at ${new Date(event.at).toISOString()}`],
      };
    case 'takeover':
      return {
        ...base,
        severity: 'critical',
        title: `${event.plane} plane took over from ${event.leader}`,
        lines: [`Reason: ${event.reason}`, `At ${new Date(event.at).toISOString()}`],
      };
    case 'drift':
      return {
        ...base,
        severity: 'warning',
        title: `${event.record}: drift on ${event.provider}`,
        lines: [event.detail, `Seen by the ${plane} plane at ${new Date(event.at).toISOString()}`],
      };
    case 'peer-silent':
    case 'peer-back': {
      const silent = event.type === 'peer-silent';
      const last = new Date(event.lastHeartbeat).toISOString();
      return {
        ...base,
        severity: silent ? 'critical' : 'info',
        title: silent
          ? `the ${event.peer} plane is silent: no heartbeat since ${last}`
          : `the ${event.peer} plane is heard again (heartbeat ${last})`,
        lines: [`Seen by the ${plane} plane at ${new Date(event.at).toISOString()}`],
      };
    }
    case 'plan-refused':
      return {
        ...base,
        severity: 'critical',
        title: `${event.record}: plan refused by a safety gate`,
        lines: event.reasons,
      };
    default:
      return undefined;
  }
}

export function plainText(message: Message): string {
  return [message.title, ...message.lines].join('\n');
}

/**
 * Messages of one tick past this count go out as one digest per target: a mass failover of 1,000
 * records is one Slack post, not 1,000 (incoming webhooks allow about one a second, and a Worker on the
 * Free plan 50 subrequests an invocation).
 */
export const DIGEST_OVER = 5;

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
/** Records named per group of a digest; the rest are counted. */
const NAMED = 10;
/** Distinct failing checks quoted in a digest. */
const REASONS = 10;

function push(groups: Map<string, string[]>, key: string, value: string) {
  const list = groups.get(key);
  if (list) list.push(value);
  else groups.set(key, [value]);
}

const count = (n: number) => n.toLocaleString('en-US');
const named = (names: readonly string[]) =>
  names.length <= NAMED
    ? names.join(', ')
    : `${names.slice(0, NAMED).join(', ')} and ${count(names.length - NAMED)} more`;

/** One message standing for `messages`: what moved where, grouped, the records named, and why. */
export function digest(messages: readonly Message[], plane: PlaneId): Message {
  let severity: Severity = 'info';
  const kinds = new Map<string, number>();
  const groups = new Map<string, string[]>();
  const others = new Map<string, string[]>();
  const reasons = new Map<string, string>();
  for (const m of messages) {
    if (RANK[m.severity] > RANK[severity]) severity = m.severity;
    const e = m.event;
    const kind = e.type === 'transition' ? e.transition.kind.replace('-', ' ') : e.type;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (e.type === 'transition') {
      const t = e.transition;
      const group = `${kind} ${t.from ?? '(none)'} -> ${t.to}`;
      push(groups, group, t.record);
      for (const f of t.failing) {
        const key = `${f.check} from ${f.vantage}`;
        if (!reasons.has(key) && reasons.size < REASONS) reasons.set(key, f.reason);
      }
    } else push(others, e.type, m.title);
  }
  const parts = [...kinds].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${count(n)} ${kind}`);
  const lines = [...groups].map(
    ([group, records]) => `${group}: ${count(records.length)} records: ${named(records)}`,
  );
  for (const [type, titles] of others) {
    lines.push(`${type}: ${count(titles.length)}`);
    for (const title of titles.slice(0, NAMED)) lines.push(`  - ${title}`);
    if (titles.length > NAMED) lines.push(`  - and ${count(titles.length - NAMED)} more`);
  }
  if (reasons.size > 0) lines.push('Why:', ...[...reasons].map(([key, reason]) => `  - ${key}: ${reason}`));
  lines.push(`Plane: ${plane}; every event is in the logs and the history`);
  return {
    title: `${count(messages.length)} notifications from the ${plane} plane: ${parts.join(', ')}`,
    lines,
    severity,
    event: messages[0]!.event,
    events: messages.map((m) => m.event),
    plane,
  };
}
