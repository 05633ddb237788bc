/**
 * A scripted DNS server on 127.0.0.1 (UDP and TCP) and a DNS-over-HTTPS endpoint, built on dns-packet.
 * The name asked decides the answer: ok, servfail, nxdomain, refused, slow (never answers), empty,
 * big (truncated over UDP, whole over TCP), alias (CNAME), txt, mx.
 */
import { createSocket } from 'node:dgram';
import { createServer as createNetServer, type Socket } from 'node:net';
import dnsPacket, { type Answer, type Packet } from 'dns-packet';
import { startHttp } from './servers';

const FLAGS = { QR: 1 << 15, RD: 1 << 8, RA: 1 << 7, TC: 1 << 9 };
const RCODES: Record<string, number> = { servfail: 2, nxdomain: 3, refused: 5 };

function answers(qname: string, qtype: string): Answer[] {
  const base = { name: qname, ttl: 60, class: 'IN' as const };
  const label = qname.split('.')[0];
  if (label === 'alias') {
    return [
      { ...base, type: 'CNAME', data: 'ok.example.test' },
      { ...base, name: 'ok.example.test', type: 'A', data: '192.0.2.1' },
    ];
  }
  if (label === 'txt') return [{ ...base, type: 'TXT', data: ['v=spf1 -all'] }];
  if (label === 'mx')
    return [{ ...base, type: 'MX', data: { preference: 10, exchange: 'mail.example.test' } }];
  if (qtype === 'AAAA') return [{ ...base, type: 'AAAA', data: '2001:db8::1' }];
  return [
    { ...base, type: 'A', data: '192.0.2.1' },
    { ...base, type: 'A', data: '192.0.2.2' },
  ];
}

/** The reply to a query, or undefined to stay silent. */
export function respond(query: Packet, transport: 'udp' | 'tcp' | 'doh'): Buffer | undefined {
  const question = query.questions?.[0];
  if (!question) return undefined;
  const label = question.name.split('.')[0] ?? '';
  if (label === 'slow') return undefined;
  const rcode = RCODES[label] ?? 0;
  const truncated = label === 'big' && transport === 'udp';
  const list = rcode || truncated || label === 'empty' ? [] : answers(question.name, question.type);
  return dnsPacket.encode({
    id: query.id ?? 0,
    type: 'response',
    flags: FLAGS.QR | FLAGS.RD | FLAGS.RA | rcode | (truncated ? FLAGS.TC : 0),
    questions: [question],
    answers: list,
  });
}

export interface DnsServers {
  port: number;
  /** The DNS-over-HTTPS URL; `/status-500` beside it answers 500. */
  doh: string;
  queries: number;
  close(): Promise<void>;
}

export async function startDnsServers(): Promise<DnsServers> {
  const udp = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const port = udp.address().port;
  const state = { queries: 0 };
  udp.on('message', (message, peer) => {
    state.queries++;
    const reply = respond(dnsPacket.decode(message), 'udp');
    if (reply) udp.send(reply, peer.port, peer.address);
  });
  const sockets = new Set<Socket>();
  const tcp = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      state.queries++;
      const reply = respond(dnsPacket.streamDecode(chunk), 'tcp');
      if (reply) socket.write(Buffer.concat([Buffer.from([reply.length >> 8, reply.length & 0xff]), reply]));
    });
  });
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
  const http = await startHttp((req, res) => {
    state.queries++;
    const url = new URL(req.url ?? '/', 'http://x');
    const wire = url.searchParams.get('dns');
    if (url.pathname !== '/dns-query' || !wire) return res.writeHead(500).end('resolver error');
    const reply = respond(dnsPacket.decode(Buffer.from(wire, 'base64url')), 'doh');
    if (!reply) return; // never answers
    res.writeHead(200, { 'content-type': 'application/dns-message' }).end(reply);
  });
  return {
    port,
    doh: `${http.origin}/dns-query`,
    get queries() {
      return state.queries;
    },
    async close() {
      udp.close();
      for (const socket of sockets) socket.destroy();
      tcp.close();
      await http.close();
    },
  };
}
