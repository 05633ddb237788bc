/** TCP on the embedded DNS server: a half-sent frame cannot hold a connection, and connections are capped. */
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningDnsServer, startDnsServer } from '../../../../functions/adapters/local/dns-server';
import { closedWithin, frame, openTcp, query, tcpExchange } from '../../../helpers/dns-wire';

const records = [{ name: 'app.example.test', type: 'A' as const, ttl: 60, values: ['192.0.2.10'] }];
let server: RunningDnsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const start = (options: { tcpIdleTimeoutMs?: number; maxTcpConnections?: number }) =>
  startDnsServer({ zone: 'example.test', source: { records: () => records }, ...options });

describe('TCP connection limits', () => {
  it('closes a connection whose frame stays half-sent past the idle timeout', async () => {
    server = await start({ tcpIdleTimeoutMs: 200 });
    const socket = await openTcp(server.port);
    // The length prefix promises 100 bytes; only 10 ever come, one every 50 ms to look alive.
    socket.write(Buffer.from([0, 100]));
    const drip = setInterval(() => socket.writable && socket.write(Buffer.from([0])), 50);
    try {
      await closedWithin(socket, 3_000);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });

  it('closes an idle connection after answering, and keeps answering until then', async () => {
    server = await start({ tcpIdleTimeoutMs: 300 });
    const socket = await openTcp(server.port);
    const reply = new Promise<Buffer>((resolve) => {
      let buffer = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        if (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) resolve(buffer);
      });
    });
    socket.write(frame(query('app.example.test', 'A')));
    const data = await reply;
    expect(dnsPacket.streamDecode(data)?.answers?.[0]).toMatchObject({ data: '192.0.2.10' });
    await closedWithin(socket, 3_000);
  });

  it('closes connections beyond the cap as they arrive, and accepts again once one closes', async () => {
    server = await start({ maxTcpConnections: 2, tcpIdleTimeoutMs: 10_000 });
    const held = [await openTcp(server.port), await openTcp(server.port)];
    const extra = await openTcp(server.port);
    await closedWithin(extra, 3_000);
    held[0]!.destroy();
    await closedWithin(held[0]!, 1_000);
    // The server learns of the close asynchronously; a new connection is answered once it has.
    let answered: Buffer[] = [];
    for (let i = 0; i < 20 && answered.length === 0; i++) {
      answered = await tcpExchange(server.port, query('app.example.test', 'A'), 500);
    }
    expect(dnsPacket.decode(answered[0]!).answers?.[0]).toMatchObject({ data: '192.0.2.10' });
    held[1]!.destroy();
  });
});
