/**
 * The local plane's embedded authoritative DNS server (UDP and TCP on 127.0.0.1), answering the
 * managed zone from the local provider, so `dig @127.0.0.1 -p PORT app.example.test` shows each swap.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import dnsPacket, { type Answer, type Packet, type Question } from 'dns-packet';
import { isWithin, normalizeName } from '../../core/names';
import type { RecordSet } from '../../core/types';

const AA = 1 << 10;
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export interface ZoneSource {
  /** The zone's current record sets. */
  records(): RecordSet[];
}

export interface DnsServerOptions {
  zone: string;
  source: ZoneSource;
  host?: string;
  port?: number;
}

function toAnswer(set: RecordSet, value: string): Answer {
  const base = { name: set.name, ttl: set.ttl, class: 'IN' as const };
  const f = value.split(/\s+/);
  if (set.type === 'TXT') return { ...base, type: 'TXT', data: [value] };
  if (set.type === 'MX')
    return { ...base, type: 'MX', data: { preference: Number(f[0]), exchange: f[1] ?? '' } };
  if (set.type === 'SRV') {
    const [priority, weight, port, target] = f;
    return {
      ...base,
      type: 'SRV',
      data: { priority: Number(priority), weight: Number(weight), port: Number(port), target: target ?? '' },
    };
  }
  if (set.type === 'CAA') {
    const m = /^(\d+)\s+(\S+)\s+"?(.*?)"?$/.exec(value);
    return {
      ...base,
      type: 'CAA',
      data: { flags: Number(m?.[1] ?? 0), tag: (m?.[2] ?? 'issue') as 'issue', value: m?.[3] ?? '' },
    };
  }
  return { ...base, type: set.type as 'A', data: value };
}

/** Resolves one question against the zone; pure, for tests without sockets. */
export function answer(
  zone: string,
  sets: readonly RecordSet[],
  question: Question,
): { rcode: number; answers: Answer[]; authorities: Answer[] } {
  const apex = normalizeName(zone);
  const soa: Answer = {
    name: apex,
    type: 'SOA',
    ttl: 60,
    class: 'IN',
    data: {
      mname: `ns.${apex}`,
      rname: `hostmaster.${apex}`,
      serial: 1,
      refresh: 3600,
      retry: 600,
      expire: 86400,
      minimum: 60,
    },
  };
  let name = normalizeName(question.name);
  if (!isWithin(name, apex)) return { rcode: RCODE.REFUSED, answers: [], authorities: [] };
  const answers: Answer[] = [];
  for (let hops = 0; hops < 8; hops++) {
    const atName = sets.filter((s) => s.name === name);
    if (question.type === 'SOA' && name === apex)
      return { rcode: RCODE.NOERROR, answers: [soa], authorities: [] };
    if (question.type === 'NS' && name === apex) {
      return {
        rcode: RCODE.NOERROR,
        answers: [{ name: apex, type: 'NS', ttl: 60, class: 'IN', data: `ns.${apex}` }],
        authorities: [],
      };
    }
    const exact = atName.find((s) => s.type === question.type);
    if (exact) {
      answers.push(...exact.values.map((v) => toAnswer(exact, v)));
      return { rcode: RCODE.NOERROR, answers, authorities: [] };
    }
    const cname = atName.find((s) => s.type === 'CNAME');
    if (cname && question.type !== 'CNAME') {
      answers.push(toAnswer(cname, cname.values[0]!));
      name = normalizeName(cname.values[0]!);
      if (!isWithin(name, apex)) return { rcode: RCODE.NOERROR, answers, authorities: [] };
      continue;
    }
    const exists = name === apex || sets.some((s) => isWithin(s.name, name));
    return {
      rcode: answers.length > 0 || exists ? RCODE.NOERROR : RCODE.NXDOMAIN,
      answers,
      authorities: [soa],
    };
  }
  return { rcode: RCODE.SERVFAIL, answers, authorities: [] };
}

function respond(options: DnsServerOptions, query: Packet): Packet {
  const question = query.questions?.[0];
  if (!question || (query.questions?.length ?? 0) !== 1) {
    return { id: query.id, type: 'response', flags: AA | RCODE.NOTIMP, questions: query.questions ?? [] };
  }
  const result = answer(options.zone, options.source.records(), question);
  return {
    id: query.id,
    type: 'response',
    flags: AA | result.rcode,
    questions: [question],
    answers: result.answers,
    authorities: result.authorities,
  };
}

export interface RunningDnsServer {
  port: number;
  close(): Promise<void>;
}

export async function startDnsServer(options: DnsServerOptions): Promise<RunningDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const udp: Socket = createSocket('udp4');
  udp.on('message', (message, remote) => {
    try {
      const reply = dnsPacket.encode(respond(options, dnsPacket.decode(message)));
      udp.send(reply, remote.port, remote.address);
    } catch {
      // A datagram that does not parse gets no answer, as from any authoritative server.
    }
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(options.port ?? 0, host, () => resolve());
  });
  const port = udp.address().port;
  const tcp: Server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2) {
        const length = buffer.readUInt16BE(0);
        if (buffer.length < 2 + length) break;
        const message = buffer.subarray(0, 2 + length);
        buffer = buffer.subarray(2 + length);
        try {
          socket.write(dnsPacket.streamEncode(respond(options, dnsPacket.streamDecode(message))));
        } catch {
          socket.destroy();
        }
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, () => resolve());
  });
  return {
    port,
    close: async () => {
      await new Promise<void>((r) => udp.close(() => r()));
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
