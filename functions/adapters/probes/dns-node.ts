/** Plain DNS over UDP and TCP (Node dgram and net), for resolvers given as udp://, tcp:// or an IP. */
import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import type { DnsExchange } from './dns';

const aborted = () => Object.assign(new Error('aborted'), { name: 'AbortError' });

/**
 * Settles an exchange once: on the answer, an error, or the signal aborting, always closing the socket.
 * Returns `done`, or undefined when the signal had already aborted (the exchange is then settled).
 */
function settleOnce(
  signal: AbortSignal,
  close: () => void,
  resolve: (answer: Uint8Array) => void,
  reject: (error: Error) => void,
) {
  let settled = false;
  const done = (error: Error | undefined, answer?: Uint8Array) => {
    if (settled) return;
    settled = true;
    signal.removeEventListener('abort', onAbort);
    close();
    if (error) reject(error);
    else resolve(answer!);
  };
  const onAbort = () => done(aborted());
  if (signal.aborted) {
    onAbort();
    return undefined;
  }
  signal.addEventListener('abort', onAbort);
  return done;
}

export const udpExchange: DnsExchange = (resolver, query, signal) =>
  new Promise((resolve, reject) => {
    if (resolver.kind === 'doh') return reject(new TypeError(`not a plain resolver: ${resolver.label}`));
    const socket = createSocket(isIPv6(resolver.host) ? 'udp6' : 'udp4');
    const id = (query[0]! << 8) | query[1]!;
    const done = settleOnce(signal, () => socket.close(), resolve, reject);
    if (!done) return;
    socket.on('error', (error) => done(error));
    socket.on('message', (message) => {
      // Answers to someone else's query id are ignored, as a resolver's stray packets would be.
      if (message.length >= 2 && message.readUInt16BE(0) === id) done(undefined, new Uint8Array(message));
    });
    // A connected socket receives ICMP port unreachable as ECONNREFUSED instead of waiting it out.
    socket.connect(resolver.port, resolver.host, () => socket.send(query));
  });

export const tcpExchange: DnsExchange = (resolver, query, signal) =>
  new Promise((resolve, reject) => {
    if (resolver.kind === 'doh') return reject(new TypeError(`not a plain resolver: ${resolver.label}`));
    const socket = connect({ host: resolver.host, port: resolver.port });
    let buffered = Buffer.alloc(0);
    const done = settleOnce(signal, () => socket.destroy(), resolve, reject);
    if (!done) return;
    socket.on('error', (error) => done(error));
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        done(undefined, new Uint8Array(buffered.subarray(2, 2 + buffered.readUInt16BE(0))));
      }
    });
    socket.on('end', () => done(new Error(`${resolver.label} closed the connection without an answer`)));
  });
