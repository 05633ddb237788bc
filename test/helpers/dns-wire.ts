/** Raw DNS exchanges for tests: one datagram, or TCP frames until a transfer ends or the server closes. */
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import dnsPacket, { type Packet } from 'dns-packet';

/** The answer to one datagram, or undefined when none comes within `waitMs`. */
export async function udpExchange(port: number, message: Buffer, waitMs = 500): Promise<Buffer | undefined> {
  const socket = createSocket('udp4');
  try {
    return await new Promise<Buffer | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), waitMs);
      socket.once('message', (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      socket.send(message, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

export function frame(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length);
  return Buffer.concat([length, message]);
}

export function openTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves when the server closes the connection; rejects after `waitMs`. */
export function closedWithin(socket: Socket, waitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed || socket.readableEnded) return resolve();
    const timer = setTimeout(() => reject(new Error(`connection still open after ${waitMs} ms`)), waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Sends one framed message and collects the messages that come back: one, or for a transfer every
 * message until the second SOA, or until the server closes or `waitMs` passes.
 */
export async function tcpExchange(port: number, message: Buffer, waitMs = 2_000): Promise<Buffer[]> {
  const socket = await openTcp(port);
  const out: Buffer[] = [];
  try {
    return await new Promise<Buffer[]>((resolve) => {
      let buffer = Buffer.alloc(0);
      let soas = 0;
      const transfer = /AXFR|IXFR/.test(dnsPacket.decode(message).questions?.[0]?.type ?? '');
      const timer = setTimeout(() => resolve(out), waitMs);
      const finish = () => {
        clearTimeout(timer);
        resolve(out);
      };
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
          const reply = buffer.subarray(2, 2 + buffer.readUInt16BE(0));
          buffer = buffer.subarray(2 + reply.length);
          out.push(Buffer.from(reply));
          const packet = dnsPacket.decode(reply);
          soas += (packet.answers ?? []).filter((a) => a.type === 'SOA').length;
          if (!transfer || soas >= 2 || (packet.answers ?? []).length === 0) return finish();
        }
      });
      socket.on('close', finish);
      socket.write(frame(message));
    });
  } finally {
    socket.destroy();
  }
}

export function query(name: string, type: string, extra: Partial<Packet> = {}): Buffer {
  return dnsPacket.encode({
    id: 4242,
    type: 'query',
    questions: [{ name, type: type as 'A', class: 'IN' }],
    ...extra,
  });
}

/** The header's 4-bit opcode and rcode, AA and TC, read from the wire. */
export function header(message: Buffer) {
  const flags = message.readUInt16BE(2);
  return {
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x400) !== 0,
    tc: (flags & 0x200) !== 0,
    rd: (flags & 0x100) !== 0,
    rcode: flags & 0xf,
  };
}
