/** Classifies network failures by the error codes Node (net, tls, undici) and workerd put on them. */
import type { FailClass } from './result';

const CONNECT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENODATA', 'EAI_FAIL']);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const DESCRIBE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'name did not resolve',
  EAI_AGAIN: 'name did not resolve (temporary)',
};

interface Coded {
  code?: string;
  message?: string;
  cause?: Coded;
}

/** The innermost error code and message (fetch wraps the socket error in `cause`). */
function innermost(error: unknown): { code: string | undefined; message: string } {
  let current = error as Coded | undefined;
  let code: string | undefined;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string') code = current.code;
    if (typeof current.message === 'string' && current.message) message = current.message;
    current = current.cause;
  }
  return { code, message: message.replace(/\.$/, '') };
}

/** `aborted`: our signal fired, so whatever the error says, the probe ran out of time. */
export function classifyNetError(error: unknown, aborted: boolean): { class: FailClass; detail: string } {
  if (aborted) return { class: 'timeout', detail: 'timed out' };
  const { code, message } = innermost(error);
  const described = code ? `${DESCRIBE[code] ?? message} (${code})` : message;
  if (code && CONNECT.has(code)) return { class: 'connect', detail: described };
  if (code && DNS.has(code)) return { class: 'dns', detail: described };
  if (code && TIMEOUT.has(code)) return { class: 'timeout', detail: `timed out (${code})` };
  if ((code && /CERT|SSL|TLS|SELF_SIGNED|ALTNAME/.test(code)) || /certificate|ssl|tls/i.test(message)) {
    return { class: 'tls', detail: `TLS failed: ${code ? `${message} (${code})` : message}` };
  }
  if (/refused/i.test(message)) return { class: 'connect', detail: message };
  if (/timed? ?out/i.test(message)) return { class: 'timeout', detail: message };
  return { class: 'connect', detail: message };
}

/** "connection refused (ECONNREFUSED) by 192.0.2.44:443", "name did not resolve (ENOTFOUND) for app.example.com". */
export function netReason(cls: FailClass, detail: string, target: string, ms: number): string {
  if (cls === 'timeout') {
    const code = /\(([A-Z_]+)\)/.exec(detail)?.[1];
    return `no answer from ${target} within ${ms} ms${code ? ` (${code})` : ''}`;
  }
  const word = cls === 'connect' ? 'by' : cls === 'dns' ? 'for' : 'from';
  return `${detail} ${word} ${target} after ${ms} ms`;
}
