/** The embedded DNS server wired to the local zone: SOA serial, transfers, TSIG and NOTIFY, on the wire. */
import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../../functions/adapters/local/dns/tsig';
import type { RunningDnsServer } from '../../../functions/adapters/local/dns-server';
import { LocalZoneProvider } from '../../../functions/adapters/local/zone';
import type { LocalDnsSpec } from '../../../functions/core/config/local-dns-schema';
import type { RecordSet } from '../../../functions/core/types';
import { startEmbeddedDns } from '../../../functions/local/embedded-dns';
import { header, query, tcpExchange, udpExchange } from '../../helpers/dns-wire';

const ZONE = { id: 'example.test', domain: 'example.test' };
const KEY = Buffer.alloc(32, 7).toString('base64');
const app = (ip: string): RecordSet => ({ name: 'app.example.test', type: 'A', ttl: 60, values: [ip] });

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function stateDir() {
  const dir = await mkdtemp(join(tmpdir(), 'twinplane-dns-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dir: string, spec?: LocalDnsSpec, notify = { attempts: 3, firstWaitMs: 100 }) {
  const zone = new LocalZoneProvider(dir);
  const dns = await startEmbeddedDns({
    zoneId: ZONE.id,
    domain: ZONE.domain,
    zone,
    stateDir: dir,
    port: 0,
    notify,
    resolveSecret: async () => KEY,
    ...(spec ? { spec } : {}),
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await dns.close();
    await zone.flush();
  };
  cleanup.push(close);
  return { zone, dns, close };
}

async function serial(dns: RunningDnsServer): Promise<number> {
  const reply = await udpExchange(dns.port, query('example.test', 'SOA'));
  const soa = dnsPacket.decode(reply!).answers?.[0] as { data: { serial: number } };
  return soa.data.serial;
}

describe('SOA serial', () => {
  it('increases with every change of the records, survives a restart, and never goes backwards', async () => {
    const dir = await stateDir();
    const first = await start(dir);
    await first.zone.apply(ZONE, [
      { kind: 'create', role: 'record', record: 'app', next: app('192.0.2.10') },
    ]);
    const s1 = await serial(first.dns);
    await first.zone.apply(ZONE, [
      { kind: 'update', role: 'record', record: 'app', prev: app('192.0.2.10'), next: app('198.51.100.20') },
    ]);
    const s2 = await serial(first.dns);
    await first.zone.apply(ZONE, [
      { kind: 'update', role: 'record', record: 'app', prev: app('198.51.100.20'), next: app('192.0.2.10') },
    ]);
    const s3 = await serial(first.dns);
    expect(s2).toBeGreaterThan(s1);
    expect(s3).toBeGreaterThan(s2);
    await first.close();

    const second = await start(dir);
    expect(await serial(second.dns)).toBe(s3);
    await second.close();

    // Records changed while the serial was not saved (a crash between the writes): a new serial, never an old one.
    const file = join(dir, 'zones.json');
    const zones = JSON.parse(await readFile(file, 'utf8'));
    zones[ZONE.id] = [app('203.0.113.30')];
    await writeFile(file, JSON.stringify(zones));
    const third = await start(dir);
    expect(await serial(third.dns)).toBeGreaterThan(s3);
  });
});

describe('apex NS from config', () => {
  it('answers the configured NS names, the first as SOA MNAME, with no made-up address', async () => {
    const { dns } = await start(await stateDir(), { nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const ns = dnsPacket.decode((await udpExchange(dns.port, query('example.test', 'NS')))!);
    expect(ns.answers?.map((a) => (a as { data?: unknown }).data)).toEqual([
      'ns1.example.net',
      'ns2.example.net',
    ]);
    const soa = dnsPacket.decode((await udpExchange(dns.port, query('example.test', 'SOA')))!);
    expect((soa.answers![0] as { data?: unknown }).data).toMatchObject({ mname: 'ns1.example.net' });
    const old = await udpExchange(dns.port, query('ns.example.test', 'A'));
    expect(header(old!).rcode).toBe(3);
  });
});

const transfer = (allow: string[], tsig = false): LocalDnsSpec => ({
  nameservers: [],
  transfer: {
    allow,
    notify: [],
    ...(tsig ? { tsig: { name: 'xfr-key', secret: { secret: 'TSIG_KEY' } } } : {}),
  },
});

describe('AXFR', () => {
  it('sends the whole zone between two SOAs over TCP to an allowed client', async () => {
    const { zone, dns } = await start(await stateDir(), transfer(['127.0.0.1']));
    await zone.apply(ZONE, [{ kind: 'create', role: 'record', record: 'app', next: app('192.0.2.10') }]);
    for (const type of ['AXFR', 'IXFR']) {
      const messages = await tcpExchange(dns.port, query('example.test', type));
      const answers = messages.flatMap((m) => dnsPacket.decode(m).answers ?? []);
      expect(answers.map((a) => `${a.name} ${a.type}`)).toEqual([
        'example.test SOA',
        'example.test NS',
        'ns.example.test A',
        'app.example.test A',
        'example.test SOA',
      ]);
      expect(header(messages[0]!)).toMatchObject({ rcode: 0, aa: true });
    }
  });

  it('refuses a client that is not allowed, and AXFR over UDP', async () => {
    const { dns } = await start(await stateDir(), transfer(['192.0.2.53']));
    const [reply] = await tcpExchange(dns.port, query('example.test', 'AXFR'));
    expect(header(reply!).rcode).toBe(5);
    const allowed = await start(await stateDir(), transfer(['127.0.0.1']));
    expect(header((await udpExchange(allowed.dns.port, query('example.test', 'AXFR')))!).rcode).toBe(5);
  });

  it('with a TSIG key: refuses unsigned requests, answers a wrong key NOTAUTH, and signs the answer', async () => {
    const { dns } = await start(await stateDir(), transfer(['127.0.0.1'], true));
    const [unsigned] = await tcpExchange(dns.port, query('example.test', 'AXFR'));
    expect(header(unsigned!).rcode).toBe(5);
    const now = Math.floor(Date.now() / 1000);
    const wrong = signRequest(
      query('example.test', 'AXFR'),
      { name: 'xfr-key', secret: Buffer.alloc(32, 8) },
      now,
    );
    const [bad] = await tcpExchange(dns.port, wrong);
    expect(header(bad!).rcode).toBe(9);
    const right = signRequest(
      query('example.test', 'AXFR'),
      { name: 'xfr-key', secret: Buffer.from(KEY, 'base64') },
      now,
    );
    const messages = await tcpExchange(dns.port, right);
    const decoded = messages.map((m) => dnsPacket.decode(m));
    expect(decoded[0]?.answers?.[0]?.type).toBe('SOA');
    expect(decoded.every((m) => m.additionals?.at(-1)?.type === 'TSIG')).toBe(true);
  });
});

describe('NOTIFY', () => {
  it('tells each secondary about every new serial, retrying until it answers', async () => {
    const secondary = createSocket('udp4');
    await new Promise<void>((r) => secondary.bind(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => secondary.close(() => r())));
    const seen: { opcode: number; name: string }[] = [];
    let ignoreNext = 2;
    secondary.on('message', (message, remote) => {
      const packet = dnsPacket.decode(message);
      seen.push({ opcode: header(message).opcode, name: packet.questions?.[0]?.name ?? '' });
      // The first two attempts go unanswered, as if lost.
      if (ignoreNext-- > 0) return;
      const reply = Buffer.from(message.subarray(0, 12));
      reply.writeUInt16BE(0x8000 | (4 << 11) | 0x400, 2);
      reply.writeUInt16BE(0, 4);
      secondary.send(reply, remote.port, remote.address);
    });
    const port = secondary.address().port;
    const spec = {
      nameservers: [],
      transfer: { allow: ['127.0.0.1'], notify: [{ host: '127.0.0.1', port }] },
    };
    const { zone } = await start(await stateDir(), spec, { attempts: 5, firstWaitMs: 50 });
    // One NOTIFY at start (three attempts: two lost, one answered), then one for the change.
    await expect.poll(() => seen.length, { timeout: 5_000 }).toBe(3);
    await zone.apply(ZONE, [{ kind: 'create', role: 'record', record: 'app', next: app('192.0.2.10') }]);
    await expect.poll(() => seen.length, { timeout: 5_000 }).toBe(4);
    expect(seen.every((s) => s.opcode === 4 && s.name === 'example.test')).toBe(true);
  });

  it('stops after the bounded number of attempts when the secondary never answers', async () => {
    const secondary = createSocket('udp4');
    await new Promise<void>((r) => secondary.bind(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => secondary.close(() => r())));
    let received = 0;
    secondary.on('message', () => received++);
    const spec = {
      nameservers: [],
      transfer: { allow: ['127.0.0.1'], notify: [{ host: '127.0.0.1', port: secondary.address().port }] },
    };
    await start(await stateDir(), spec, { attempts: 3, firstWaitMs: 20 });
    await expect.poll(() => received, { timeout: 5_000 }).toBe(3);
    await new Promise((r) => setTimeout(r, 400));
    expect(received).toBe(3);
  });
});
