/**
 * The local plane end to end: real HTTP origins on loopback, real ticks, a real DNS query after each swap.
 * Time is virtual: probe timeouts and the failback dwell move only when the test says, so a loaded
 * machine cannot turn a slow answer into a failure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { queryDns } from '../../functions/adapters/local/dns-server';
import { parseConfig } from '../../functions/core/config/validate';
import { demoConfig } from '../../functions/local/demo';
import { type Origin, startOrigin } from '../../functions/local/origins';
import { type LocalPlane, startLocalPlane } from '../../functions/local/plane';
import { VirtualClock } from '../helpers/fakes';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(primaryUrl?: string) {
  const primary = await startOrigin('primary');
  const secondary = await startOrigin('secondary');
  const dir = await mkdtemp(join(tmpdir(), 'twinplane-e2e-'));
  // 200 ms ticks: failureThreshold 3, successThreshold 2, failback after 1 s.
  const config = parseConfig(demoConfig(primaryUrl ?? primary.url, secondary.url, 200));
  const clock = new VirtualClock();
  const plane = await startLocalPlane({ config, stateDir: dir, dnsPort: 0, clock });
  cleanup.push(
    () => primary.close(),
    () => secondary.close(),
    () => plane.close(),
    () => rm(dir, { recursive: true, force: true }),
  );
  return { primary, secondary, plane, dir, clock };
}

async function answer(plane: LocalPlane) {
  const reply = await queryDns('127.0.0.1', plane.dns!.port, 'app.example.test');
  return reply.answers.map((a) => String((a as { data?: unknown }).data));
}

const tick = (plane: LocalPlane) => plane.tick({ probeAll: true });

describe('local plane', () => {
  it('fails over within failureThreshold ticks and back after recovery and dwell, as real DNS shows', async () => {
    const { primary, plane, clock } = await setup();
    await tick(plane);
    expect(await answer(plane)).toEqual(['192.0.2.10']);

    await primary.down();
    const seen: string[][] = [];
    for (let i = 0; i < 3; i++) {
      await tick(plane);
      seen.push(await answer(plane));
    }
    expect(seen).toEqual([['192.0.2.10'], ['192.0.2.10'], ['198.51.100.20']]);
    const reply = await queryDns('127.0.0.1', plane.dns!.port, 'app.example.test');
    expect(reply.answers[0]).toMatchObject({ ttl: 60 });

    await (primary as Origin).restore();
    await tick(plane);
    await tick(plane);
    // Healthy again, but the 1 s dwell is not met yet.
    expect(await answer(plane)).toEqual(['198.51.100.20']);
    clock.advance(1_100);
    const back = await tick(plane);
    expect(back.events.map((e) => e.type === 'transition' && e.transition.kind)).toContain('failback');
    expect(await answer(plane)).toEqual(['192.0.2.10']);

    const history = await plane.store.history();
    expect(history.map((t) => t.kind)).toEqual(['failback', 'failover']);
    expect(history[1]!.reason).toContain('connection refused (ECONNREFUSED)');
  });

  it('never moves the record for a flaky primary below the failure threshold', async () => {
    let requests = 0;
    const flaky: Server = createServer((_req, res) => {
      requests++;
      res.writeHead(requests % 3 === 0 ? 503 : 200).end('ok');
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise((r) => flaky.close(() => r())));
    const url = `http://127.0.0.1:${(flaky.address() as { port: number }).port}/health`;
    const { plane } = await setup(url);
    const failures: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      const report = await tick(plane);
      failures.push(report.observations.find((o) => o.check === 'primary-health')!.ok === false);
    }
    expect(failures.filter(Boolean).length).toBe(4);
    expect(await answer(plane)).toEqual(['192.0.2.10']);
    expect(await plane.store.history()).toEqual([]);
  });

  it('answers NXDOMAIN for unknown names, REFUSED outside its zone, and the marker as TXT', async () => {
    const { plane } = await setup();
    await tick(plane);
    expect((await queryDns('127.0.0.1', plane.dns!.port, 'nope.example.test')).rcode).toBe('NXDOMAIN');
    expect((await queryDns('127.0.0.1', plane.dns!.port, 'example.org')).rcode).toBe('REFUSED');
    const txt = await queryDns('127.0.0.1', plane.dns!.port, '_twinplane-a.app.example.test', 'TXT');
    expect(String((txt.answers[0] as { data: Buffer[] }).data[0])).toContain('owner=twinplane-demo');
  });

  it('keeps state across restarts of the plane', async () => {
    const { primary, plane, dir } = await setup();
    await primary.down();
    for (let i = 0; i < 3; i++) await tick(plane);
    await plane.close();
    const again = await startLocalPlane({
      config: parseConfig(demoConfig(primary.url, 'http://127.0.0.1:1/', 200)),
      stateDir: dir,
      dnsPort: 0,
    });
    cleanup.push(() => again.close());
    expect(await answer(again)).toEqual(['198.51.100.20']);
    expect((await again.store.loadRecords()).get('app.example.test/A')?.value).toMatchObject({
      activePool: 'secondary',
      epoch: 1,
    });
  });
});
