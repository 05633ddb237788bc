/** What a notification says: what changed, why (failing checks and their reasons), who disagreed. */
import type { CoreEvent, FailingCheck, PlaneId } from '../../core/types';

export type Severity = 'info' | 'warning' | 'critical';

export interface Message {
  title: string;
  /** Plain text lines; each target formats them its own way. */
  lines: string[];
  severity: Severity;
  event: CoreEvent;
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
