/**
 * NOTIFY (RFC 1996): tells each secondary that the zone's serial moved, so it transfers now instead
 * of at its next refresh. Sent over UDP, retried with a doubling wait until the secondary answers,
 * a bounded number of times (RFC 1996 section 3.6).
 */
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import dnsPacket from 'dns-packet';
import { signRequest, type TsigKey } from './tsig';

const NOTIFY = 4;
const AA = 1 << 10;

export interface NotifyTarget {
  host: string;
  port: number;
}

export interface NotifyOptions {
  zone: string;
  serial: number;
  key?: TsigKey;
  /** Attempts per target. Default 5. */
  attempts?: number;
  /** Wait for an answer to the first attempt, doubled after each. Default 1000 ms. */
  firstWaitMs?: number;
  /** Stops retrying (the plane is closing). */
  signal?: AbortSignal;
}

export interface NotifyResult {
  target: NotifyTarget;
  /** The secondary answered NOERROR. */
  acknowledged: boolean;
  attempts: number;
  /** Why it was not acknowledged. */
  reason?: string;
}

function message(options: NotifyOptions, id: number): Buffer {
  const wire = dnsPacket.encode({
    id,
    type: 'query',
    flags: (NOTIFY << 11) | AA,
    questions: [{ name: options.zone, type: 'SOA', class: 'IN' }],
  });
  return options.key ? signRequest(wire, options.key, Math.floor(Date.now() / 1000)) : wire;
}

export async function notifyOne(target: NotifyTarget, options: NotifyOptions): Promise<NotifyResult> {
  const attempts = options.attempts ?? 5;
  let wait = options.firstWaitMs ?? 1_000;
  const socket = createSocket(isIPv6(target.host) ? 'udp6' : 'udp4');
  const id = randomInt(0, 65_536);
  const packet = message(options, id);
  let answer: ((rcode: number) => void) | undefined;
  socket.on('message', (reply) => {
    if (reply.length < 12 || reply.readUInt16BE(0) !== id) return;
    const flags = reply.readUInt16BE(2);
    if ((flags & 0x8000) === 0 || ((flags >> 11) & 0xf) !== NOTIFY) return;
    answer?.(flags & 0xf);
  });
  socket.on('error', () => {});
  try {
    for (let n = 1; n <= attempts; n++) {
      if (options.signal?.aborted) return { target, acknowledged: false, attempts: n - 1, reason: 'stopped' };
      const rcode = await new Promise<number | undefined>((resolve) => {
        const done = (code: number | undefined) => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', stop);
          resolve(code);
        };
        const stop = () => done(undefined);
        const timer = setTimeout(stop, wait);
        options.signal?.addEventListener('abort', stop, { once: true });
        answer = done;
        socket.send(packet, target.port, target.host);
      });
      if (rcode === 0) return { target, acknowledged: true, attempts: n };
      if (rcode !== undefined)
        return { target, acknowledged: false, attempts: n, reason: `answered rcode ${rcode}` };
      wait *= 2;
    }
    return { target, acknowledged: false, attempts, reason: `no answer to ${attempts} attempts` };
  } finally {
    socket.close();
  }
}

/** Notifies every target at once; resolves when each has answered or run out of attempts. */
export function notifyAll(targets: readonly NotifyTarget[], options: NotifyOptions): Promise<NotifyResult[]> {
  return Promise.all(targets.map((t) => notifyOne(t, options)));
}
