/**
 * A real secondary (NSD, from Debian's packages) serving the local plane's zone: it pulls the zone by a
 * TSIG-signed transfer, gets the NOTIFY after a failover and answers the new value. Every wait is bounded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../functions/adapters/local/dns/tsig';
import { queryDns } from '../../functions/adapters/local/dns-server';
import { LocalZoneProvider } from '../../functions/adapters/local/zone';
import { parseConfig } from '../../functions/core/config/validate';
import type { RecordSet } from '../../functions/core/types';
import { demoConfig } from '../../functions/local/demo';
import { startEmbeddedDns } from '../../functions/local/embedded-dns';
import { startOrigin } from '../../functions/local/origins';
import { startLocalPlane } from '../../functions/local/plane';
import { query, tcpExchange } from '../helpers/dns-wire';
import { freePort, nsdBinary, startNsd } from '../helpers/nsd';

const KEY = { name: 'xfr-key', secret: Buffer.alloc(32, 42).toString('base64') };
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function tempDir(prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** What the secondary answers for `name`, polled until it is `want` or `waitMs` passes. */
async function secondaryAnswers(
  port: number,
  name: string,
  want: string,
  waitMs = 15_000,
): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  let last: string[] = [];
  while (Date.now() < deadline) {
    try {
      const reply = await queryDns('127.0.0.1', port, name, 'A', 500);
      last = reply.answers.map((a) => String((a as { data?: unknown }).data));
      if (last.includes(want)) return last;
    } catch {
      // Not serving the zone yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

describe('a real NSD secondary of the local plane', () => {
  it('is installed (infra/dns/install-secondary.sh, run by .ci/run)', () => {
    expect(nsdBinary()).toMatch(/nsd$/);
  });

  it('pulls the zone with TSIG, gets the NOTIFY after a failover and answers the new value', async () => {
    const primary = await startOrigin('primary');
    const secondary = await startOrigin('secondary');
    cleanup.push(
      () => primary.close(),
      () => secondary.close(),
    );
    const nsdPort = await freePort();
    const raw = demoConfig(primary.url, secondary.url, 200);
    const config = parseConfig({
      ...raw,
      providers: {
        local: {
          zone: 'example.test',
          dns: {
            transfer: {
              allow: ['127.0.0.1'],
              tsig: { name: KEY.name, secret: { secret: 'TWINPLANE_TSIG_KEY' } },
              notify: [`127.0.0.1:${nsdPort}`],
            },
          },
        },
      },
    });
    const plane = await startLocalPlane({
      config,
      stateDir: await tempDir('twinplane-xfr-'),
      dnsPort: 0,
      resolveSecret: async () => KEY.secret,
    });
    cleanup.push(() => plane.close());
    const tick = () => plane.tick({ probeAll: true });
    await tick();

    const nsd = await startNsd({
      dir: await tempDir('twinplane-nsd-'),
      zone: 'example.test',
      primaryPort: plane.dns!.port,
      key: KEY,
      port: nsdPort,
    });
    cleanup.push(() => nsd.stop());
    expect(await secondaryAnswers(nsd.port, 'app.example.test', '192.0.2.10'), nsd.log()).toEqual([
      '192.0.2.10',
    ]);
    expect(nsd.log()).toMatch(/TSIG verified with key xfr-key/);

    await primary.down();
    for (let i = 0; i < 3; i++) await tick();
    expect((await queryDns('127.0.0.1', plane.dns!.port, 'app.example.test')).answers[0]).toMatchObject({
      data: '198.51.100.20',
    });
    // The SOA refresh is an hour: within this wait only the NOTIFY can make NSD transfer again.
    expect(await secondaryAnswers(nsd.port, 'app.example.test', '198.51.100.20'), nsd.log()).toEqual([
      '198.51.100.20',
    ]);
    expect(nsd.log()).toMatch(/notify for example\.test/);
  });

  it('accepts a transfer spread over many TSIG-signed messages', async () => {
    const dir = await tempDir('twinplane-xfr-');
    const zone = new LocalZoneProvider(dir);
    const hosts: RecordSet[] = Array.from({ length: 200 }, (_, i) => ({
      name: `host${i}.example.test`,
      type: 'A',
      ttl: 60,
      values: [`198.51.100.${i % 250}`],
    }));
    await zone.apply(
      { id: 'example.test' },
      hosts.map((next) => ({ kind: 'create', role: 'record', record: next.name, next })),
    );
    const dns = await startEmbeddedDns({
      zoneId: 'example.test',
      domain: 'example.test',
      zone,
      stateDir: dir,
      port: 0,
      spec: {
        nameservers: [],
        transfer: { allow: ['127.0.0.1'], notify: [], tsig: { name: KEY.name, secret: { secret: 'K' } } },
      },
      resolveSecret: async () => KEY.secret,
      transferMessageBytes: 1_000,
    });
    cleanup.push(async () => {
      await dns.close();
      await zone.flush();
    });
    const signed = signRequest(
      query('example.test', 'AXFR'),
      { name: KEY.name, secret: Buffer.from(KEY.secret, 'base64') },
      Math.floor(Date.now() / 1000),
    );
    const messages = await tcpExchange(dns.port, signed);
    expect(messages.length).toBeGreaterThan(5);
    expect(messages.flatMap((m) => dnsPacket.decode(m).answers ?? [])).toHaveLength(200 + 4);

    const nsd = await startNsd({
      dir: await tempDir('twinplane-nsd-'),
      zone: 'example.test',
      primaryPort: dns.port,
      key: KEY,
    });
    cleanup.push(() => nsd.stop());
    expect(await secondaryAnswers(nsd.port, 'host199.example.test', '198.51.100.199'), nsd.log()).toEqual([
      '198.51.100.199',
    ]);
    expect(nsd.log()).toMatch(/TSIG verified with key xfr-key/);
  });
});
