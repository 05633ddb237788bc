/**
 * The local plane's embedded authoritative DNS server (UDP and TCP on 127.0.0.1), answering the
 * managed zone from the local provider, so `dig @127.0.0.1 -p PORT app.example.test` shows each swap.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, isIPv6, type Socket as NetSocket, type Server } from 'node:net';
import dnsPacket, { type Answer } from 'dns-packet';
import { normalizeName } from '../../core/names';
import type { RecordSet } from '../../core/types';
import { type ResponderContext, respond } from './dns/respond';
import type { TransferAccess } from './dns/transfer';
import type { TsigKey } from './dns/tsig';

export interface ZoneSource {
  /** The zone's current record sets. */
  records(): RecordSet[];
  /** The zone's current SOA serial. Default 1. */
  serial?(): number;
}

export interface DnsServerOptions {
  zone: string;
  source: ZoneSource;
  host?: string;
  port?: number;
  /** Apex NS names; default ns.<zone>, answered with the listen address. */
  nameservers?: readonly string[];
  /** Who may transfer the zone; no transfers without it. */
  transfer?: TransferAccess;
  /** TSIG key: signed requests are verified against it and answered signed. */
  key?: TsigKey;
  /** A TCP connection that completes no message for this long is closed. Default 10 s. */
  tcpIdleTimeoutMs?: number;
  /** TCP connections held at once; more are closed as they arrive. Default 64. */
  maxTcpConnections?: number;
  /** Bytes per zone transfer message. */
  transferMessageBytes?: number;
}

export interface RunningDnsServer {
  port: number;
  close(): Promise<void>;
}

/** Longest a TCP connection may hold without completing a message (RFC 7766 section 6.2.3). */
export const TCP_IDLE_TIMEOUT_MS = 10_000;
export const MAX_TCP_CONNECTIONS = 64;

export async function startDnsServer(options: DnsServerOptions): Promise<RunningDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const apex = normalizeName(options.zone);
  const context: ResponderContext = {
    view: () => ({
      apex,
      records: options.source.records(),
      serial: options.source.serial?.() ?? 1,
      nameservers: options.nameservers ?? [],
      address: host,
    }),
    now: () => Math.floor(Date.now() / 1000),
    ...(options.transfer ? { transfer: options.transfer } : {}),
    ...(options.key ? { key: options.key } : {}),
    ...(options.transferMessageBytes ? { transferMessageBytes: options.transferMessageBytes } : {}),
  };
  const idleMs = options.tcpIdleTimeoutMs ?? TCP_IDLE_TIMEOUT_MS;
  const sockets = new Set<NetSocket>();
  const tcp: Server = createServer((socket) => {
    if (sockets.size >= (options.maxTcpConnections ?? MAX_TCP_CONNECTIONS)) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Armed at connect and after each whole message, never by partial data: a frame sent a byte
    // at a time cannot hold the connection longer than one idle period.
    let timer = setTimeout(() => socket.destroy(), idleMs);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2) {
        const length = buffer.readUInt16BE(0);
        if (buffer.length < 2 + length) break;
        const message = buffer.subarray(2, 2 + length);
        buffer = buffer.subarray(2 + length);
        clearTimeout(timer);
        timer = setTimeout(() => socket.destroy(), idleMs);
        const replies = respond(context, { message, transport: 'tcp', address: socket.remoteAddress ?? '' });
        if (replies.length === 0) {
          socket.destroy();
          return;
        }
        for (const reply of replies) {
          const frame = Buffer.alloc(2);
          frame.writeUInt16BE(reply.length);
          socket.write(Buffer.concat([frame, reply]));
        }
      }
    });
    socket.on('close', () => clearTimeout(timer));
    socket.on('error', () => socket.destroy());
  });
  // UDP and TCP share one port. With port 0 the UDP one is picked first; should TCP find that port
  // taken (another process), both are tried again on a new one.
  let udp: Socket | undefined;
  let port = 0;
  for (let attempt = 1; !udp; attempt++) {
    const socket: Socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    socket.on('message', (message, remote) => {
      // A datagram that does not parse, or is itself a response, gets no answer.
      for (const reply of respond(context, { message, transport: 'udp', address: remote.address }))
        socket.send(reply, remote.port, remote.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port ?? 0, host, () => resolve());
    });
    port = socket.address().port;
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      udp = socket;
    } catch (error) {
      await new Promise<void>((r) => socket.close(() => r()));
      if (options.port || attempt >= 10 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE')
        throw error;
    }
  }
  const bound = udp;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => bound.close(() => r()));
      await new Promise<void>((r) => tcp.close(() => r()));
    },
  };
}

/** A minimal UDP query, for the demo and tests (not a general resolver). */
export async function queryDns(
  host: string,
  port: number,
  name: string,
  type: 'A' | 'AAAA' | 'CNAME' | 'TXT' = 'A',
  timeoutMs = 2_000,
) {
  const socket = createSocket('udp4');
  const id = Math.floor(Math.random() * 65_535);
  try {
    return await new Promise<{ rcode: string; answers: Answer[] }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no DNS answer from ${host}:${port} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.once('message', (message) => {
        clearTimeout(timer);
        const packet = dnsPacket.decode(message);
        resolve({ rcode: (packet as { rcode?: string }).rcode ?? 'NOERROR', answers: packet.answers ?? [] });
      });
      socket.send(
        dnsPacket.encode({
          id,
          type: 'query',
          flags: dnsPacket.RECURSION_DESIRED,
          questions: [{ name, type }],
        }),
        port,
        host,
      );
    });
  } finally {
    socket.close();
  }
}
