import { createServer, connect as netConnect } from 'node:net';
import { createServer as createTlsServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchProber } from '../../../../functions/adapters/probes/fetch';
import { createNodeProber } from '../../../../functions/adapters/probes/node';
import type { SocketConnect } from '../../../../functions/adapters/probes/tcp-socket';
import { type Issued, issue } from './support/certs';
import { checkOf, within } from './support/check';
import { hangingPort, refusedPort } from './support/servers';

const stable = (reason: string) =>
  reason.replace(/\b(in|after|within) \d+ ms/g, '$1 N ms').replace(/127\.0\.0\.1:\d+/g, 'TARGET');

describe('TCP probe', () => {
  let open: ReturnType<typeof createServer>;
  let openPort: number;
  let refused: number;
  let hanging: Awaited<ReturnType<typeof hangingPort>>;

  beforeAll(async () => {
    open = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => open.listen(0, '127.0.0.1', resolve));
    openPort = (open.address() as { port: number }).port;
    refused = await refusedPort();
    hanging = await hangingPort();
  });
  afterAll(async () => {
    open.close();
    await hanging.close();
  });

  /** connect() from cloudflare:sockets, played by node:net: `opened` settles with the handshake. */
  const socketConnect: SocketConnect = ({ hostname, port }) => {
    const socket = netConnect(port, hostname);
    socket.on('error', () => {});
    return {
      opened: new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }),
      close: () => void socket.destroy(),
    };
  };

  const probers = [
    ['node', createNodeProber()],
    ['connect()', createFetchProber({ connect: socketConnect })],
  ] as const;

  it.each(probers)(
    'on %s: passes for an open port, says refused, and times out on a port that hangs',
    async (_n, prober) => {
      const ok = await prober.probe(checkOf({ tcp: { host: '127.0.0.1', port: openPort } }), within());
      expect([ok.class, stable(ok.reason)]).toEqual(['ok', 'connected to TARGET in N ms']);
      const no = await prober.probe(checkOf({ tcp: { host: '127.0.0.1', port: refused } }), within());
      expect([no.class, stable(no.reason)]).toEqual([
        'connect',
        'connection refused (ECONNREFUSED) by TARGET after N ms',
      ]);
      const hung = await prober.probe(
        checkOf({ tcp: { host: '127.0.0.1', port: hanging.port } }),
        within(300),
      );
      expect([hung.class, stable(hung.reason)]).toEqual([
        'timeout',
        'no TCP handshake with TARGET within N ms',
      ]);
    },
  );

  it('answers unsupported on the fetch prober without connect()', async () => {
    const result = await createFetchProber().probe(
      checkOf({ tcp: { host: '127.0.0.1', port: openPort } }),
      within(),
    );
    expect([result.ok, result.class]).toEqual([false, 'unsupported']);
  });
});

describe('TLS certificate probe', () => {
  const ca = issue({ cn: 'twinplane test CA', o: 'twinplane tests', ca: true, notAfter: 3650 });
  const servers: Server[] = [];
  const prober = createNodeProber({ ca: [ca.certPem] });

  async function serve(cert: Issued): Promise<number> {
    const server = createTlsServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => socket.end());
    server.on('tlsClientError', () => {});
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }
  afterAll(() => {
    for (const s of servers) s.close();
  });

  const host = 'app.example.test';
  it.each([
    [
      'a valid certificate',
      { issuer: ca },
      {},
      'ok',
      /^certificate for app\.example\.test valid for 89 more days, CN=twinplane test CA, O=twinplane tests$/,
    ],
    [
      'an expired certificate',
      { issuer: ca, notBefore: -100, notAfter: -10 },
      {},
      'tls',
      /^certificate for app\.example\.test expired 1[01] days ago \(\d{4}-\d\d-\d\d\), CN=twinplane test CA/,
    ],
    [
      'a self-signed certificate',
      {},
      {},
      'tls',
      /^certificate for app\.example\.test is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\), CN=app\.example\.test$/,
    ],
    [
      'a certificate for another name',
      { issuer: ca, names: ['other.example.test'] },
      {},
      'tls',
      /^certificate for app\.example\.test does not match the name: Host: app\.example\.test\. is not in the cert's altnames: DNS:other\.example\.test$/,
    ],
    [
      'a certificate from another issuer',
      { issuer: ca },
      { issuer: "Let's Encrypt" },
      'tls',
      /is issued by CN=twinplane test CA, O=twinplane tests, expected "Let's Encrypt"$/,
    ],
    [
      'a certificate inside the fail threshold',
      { issuer: ca, notAfter: 3 },
      {},
      'tls',
      /expires in [23] days \(fail under 7\)/,
    ],
    [
      'a certificate inside the warn threshold',
      { issuer: ca, notAfter: 12 },
      {},
      'ok',
      /^warning: certificate for app\.example\.test expires in 1[12] days \(warn under 21\)/,
    ],
    [
      'a certificate not yet valid',
      { issuer: ca, notBefore: 5, notAfter: 90 },
      {},
      'tls',
      /is not valid before/,
    ],
  ])('judges %s', async (_name, certOptions, tlsOptions, cls, reason) => {
    const port = await serve(issue({ cn: host, ...certOptions }));
    const result = await prober.probe(
      checkOf({ tls: { host, address: '127.0.0.1', port, ...tlsOptions } }),
      within(),
    );
    expect(result.class).toBe(cls);
    expect(result.ok).toBe(cls === 'ok');
    expect(result.reason).toMatch(reason);
  });

  it('says refused for a port without a server', async () => {
    const result = await prober.probe(
      checkOf({ tls: { host, address: '127.0.0.1', port: await refusedPort() } }),
      within(),
    );
    expect([result.class, stable(result.reason)]).toEqual([
      'connect',
      'connection refused (ECONNREFUSED) by TARGET after N ms',
    ]);
  });

  it('says tls for a server that speaks no TLS', async () => {
    const plain = createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const port = (plain.address() as { port: number }).port;
    const result = await prober.probe(checkOf({ tls: { host, address: '127.0.0.1', port } }), within());
    plain.close();
    expect(result.class).toBe('tls');
  });

  it('is unsupported, never passed, on the fetch prober', async () => {
    const result = await createFetchProber().probe(checkOf({ tls: { host } }), within());
    expect([result.ok, result.class, result.reason]).toEqual([
      false,
      'unsupported',
      'tls checks need the Node prober',
    ]);
  });
});
