/** The embedded DNS server on the wire: what any authoritative server must do before it looks at the zone. */
import dnsPacket, { type Packet } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDnsServer, startDnsServer } from '../../../../functions/adapters/local/dns-server';
import type { RecordSet } from '../../../../functions/core/types';
import { header, query, tcpExchange, udpExchange } from '../../../helpers/dns-wire';

const records: RecordSet[] = [
  { name: 'app.example.test', type: 'A', ttl: 60, values: ['192.0.2.10'] },
  { name: 'www.example.test', type: 'CNAME', ttl: 60, values: ['app.example.test'] },
  // 15 strings of 30 bytes: ~900 bytes of answer, over 512 and under 1232.
  {
    name: 'big.example.test',
    type: 'TXT',
    ttl: 60,
    values: Array.from({ length: 15 }, (_, i) => `v${String(i).padStart(2, '0')}-${'x'.repeat(26)}`),
  },
];

let server: RunningDnsServer;
beforeAll(async () => {
  server = await startDnsServer({ zone: 'example.test', source: { records: () => records } });
});
afterAll(() => server.close());

const udp = async (message: Buffer) => {
  const reply = await udpExchange(server.port, message);
  if (!reply) throw new Error('no answer');
  return { wire: reply, packet: dnsPacket.decode(reply) };
};
const opt = (packet: Packet) =>
  (packet.additionals ?? []).find((a) => a.type === 'OPT') as
    | { udpPayloadSize: number; extendedRcode: number; ednsVersion: number; flags: number }
    | undefined;
const withEdns = (payload: number, fields: { ednsVersion?: number; flags?: number } = {}) => ({
  additionals: [{ type: 'OPT', name: '.', udpPayloadSize: payload, options: [], ...fields } as never],
});

describe('messages that are not queries', () => {
  it('drops a packet that is already a response (QR=1), over UDP', async () => {
    const response = dnsPacket.encode({
      id: 7,
      type: 'response',
      questions: [{ name: 'app.example.test', type: 'A', class: 'IN' }],
    });
    expect(await udpExchange(server.port, response, 400)).toBeUndefined();
  });

  it.each([
    ['NOTIFY', 4],
    ['UPDATE', 5],
    ['STATUS', 2],
    ['OPCODE_6', 6],
  ])('answers opcode %s with NOTIMP, echoing the opcode, without AA', async (_name, opcode) => {
    const message = query('example.test', 'SOA', { flags: opcode << 11 });
    const { wire } = await udp(message);
    expect(header(wire)).toMatchObject({ qr: true, opcode, rcode: 4, aa: false });
  });
});

describe('EDNS (RFC 6891)', () => {
  it('answers with an OPT record when the query has one', async () => {
    const { packet } = await udp(query('app.example.test', 'A', withEdns(1232)));
    expect(opt(packet)).toMatchObject({ ednsVersion: 0, extendedRcode: 0 });
    expect(packet.answers).toHaveLength(1);
  });

  it('answers an EDNS version above 0 with BADVERS (extended rcode 16)', async () => {
    const { wire, packet } = await udp(query('app.example.test', 'A', withEdns(1232, { ednsVersion: 1 })));
    expect(header(wire).rcode).toBe(0);
    expect(opt(packet)).toMatchObject({ extendedRcode: 1, ednsVersion: 0 });
    expect(packet.answers ?? []).toHaveLength(0);
  });

  it('honours the requester UDP payload size instead of 512, capped at 1232', async () => {
    const classic = await udp(query('big.example.test', 'TXT'));
    expect(header(classic.wire).tc).toBe(true);
    const large = await udp(query('big.example.test', 'TXT', withEdns(4096)));
    expect(header(large.wire).tc).toBe(false);
    expect(large.wire.length).toBeGreaterThan(512);
    expect(large.wire.length).toBeLessThanOrEqual(1232);
    expect(large.packet.answers).toHaveLength(15);
    const small = await udp(query('big.example.test', 'TXT', withEdns(600)));
    expect(header(small.wire).tc).toBe(true);
  });

  it('echoes the DO bit', async () => {
    const { packet } = await udp(query('app.example.test', 'A', withEdns(1232, { flags: 1 << 15 })));
    expect(opt(packet)!.flags & (1 << 15)).not.toBe(0);
    const plain = await udp(query('app.example.test', 'A', withEdns(1232)));
    expect(opt(plain.packet)!.flags & (1 << 15)).toBe(0);
  });

  it('answers FORMERR to two OPT records', async () => {
    const two = withEdns(1232).additionals;
    const { wire } = await udp(query('app.example.test', 'A', { additionals: [...two, ...two] }));
    expect(header(wire).rcode).toBe(1);
  });
});

describe('authority', () => {
  it('sets no AA on REFUSED for a name outside the zone', async () => {
    const { wire } = await udp(query('example.org', 'A'));
    expect(header(wire)).toMatchObject({ rcode: 5, aa: false });
  });

  it('sets no AA on REFUSED for CH version.bind', async () => {
    const message = dnsPacket.encode({
      id: 9,
      type: 'query',
      questions: [{ name: 'version.bind', type: 'TXT', class: 'CH' }],
    });
    const { wire } = await udp(message);
    expect(header(wire)).toMatchObject({ rcode: 5, aa: false });
  });

  it('sets AA on answers in the zone and copies RD', async () => {
    const { wire } = await udp(query('app.example.test', 'A', { flags: dnsPacket.RECURSION_DESIRED }));
    expect(header(wire)).toMatchObject({ rcode: 0, aa: true, rd: true });
  });
});

describe('apex NS and ANY', () => {
  it('serves an address for the default apex NS name, so it is not lame', async () => {
    const ns = await udp(query('example.test', 'NS'));
    expect(ns.packet.answers?.map((a) => (a as { data?: unknown }).data)).toEqual(['ns.example.test']);
    expect(ns.packet.additionals?.find((a) => a.type === 'A')).toMatchObject({
      name: 'ns.example.test',
      data: '127.0.0.1',
    });
    const glue = await udp(query('ns.example.test', 'A'));
    expect(glue.packet.answers?.[0]).toMatchObject({ type: 'A', data: '127.0.0.1' });
    expect(header(glue.wire).rcode).toBe(0);
  });

  it('answers ANY for an existing name with its records (RFC 8482), not NODATA', async () => {
    const { packet } = await udp(query('app.example.test', 'ANY'));
    expect(packet.answers).toEqual([expect.objectContaining({ type: 'A', data: '192.0.2.10' })]);
    const apex = await udp(query('example.test', 'ANY'));
    expect(apex.packet.answers?.map((a) => a.type)).toEqual(['SOA']);
  });
});

describe('zone transfers when none is configured', () => {
  it.each(['AXFR', 'IXFR'])('refuses %s over TCP', async (type) => {
    const [reply] = await tcpExchange(server.port, query('example.test', type));
    expect(header(reply!)).toMatchObject({ rcode: 5, aa: false });
    expect(dnsPacket.decode(reply!).answers ?? []).toHaveLength(0);
  });

  it('refuses AXFR over UDP', async () => {
    const { wire } = await udp(query('example.test', 'AXFR'));
    expect(header(wire).rcode).toBe(5);
  });
});
