import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../../../functions/adapters/memory/dns';
import { ConflictError } from '../../../../functions/core/errors';
import type { Change, RecordSet } from '../../../../functions/core/types';

const zone = { domain: 'example.com', id: 'Z1' };
const a = (values: string[], ttl = 60): RecordSet => ({ name: 'app.example.com', type: 'A', ttl, values });
const m = (epoch: number): RecordSet => ({
  name: '_twinplane-a.app.example.com',
  type: 'TXT',
  ttl: 300,
  values: [`heritage=twinplane,epoch=${epoch}`],
});
const flavours = (...sets: RecordSet[]) => ({
  route53: new MemoryDnsProvider({ name: 'route53', zones: { Z1: sets } }),
  cloudflare: new MemoryDnsProvider({ name: 'cloudflare', zones: { Z1: sets } }),
});
const update = (prev: RecordSet, next: RecordSet, role: Change['role'] = 'record'): Change => ({
  kind: 'update',
  role,
  record: 'app.example.com/A',
  prev,
  next,
});
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'applied',
    (e: unknown) => (e instanceof ConflictError ? `conflict: ${e.message}` : `error: ${String(e)}`),
  );

describe("MemoryDnsProvider with Cloudflare's id-based semantics", () => {
  it('refuses a write addressing a record that was deleted and re-created, which Route 53 lets through', async () => {
    const results: Record<string, string> = {};
    for (const [name, dns] of Object.entries(flavours(m(0)))) {
      await dns.read(zone); // the stale writer's read
      // Another writer, in between: the marker deleted and posted again with the same content.
      await dns.apply(zone, [{ kind: 'delete', role: 'marker', record: 'app.example.com/A', prev: m(0) }]);
      await dns.apply(zone, [{ kind: 'create', role: 'marker', record: 'app.example.com/A', next: m(0) }]);
      results[name] = await outcome(dns.apply(zone, [update(m(0), m(1), 'marker')]));
    }
    expect(results.route53).toBe('applied');
    expect(results.cloudflare).toMatch(/^conflict: .*does not exist \(81044\)/);
  });

  it('after a fresh read the same write addresses the new record and lands', async () => {
    const { cloudflare: dns } = flavours(m(0));
    await dns.read(zone);
    await dns.apply(zone, [{ kind: 'delete', role: 'marker', record: 'app.example.com/A', prev: m(0) }]);
    await dns.apply(zone, [{ kind: 'create', role: 'marker', record: 'app.example.com/A', next: m(0) }]);
    await dns.read(zone);
    await dns.apply(zone, [update(m(0), m(1), 'marker')]);
    expect(await dns.read(zone)).toEqual([m(1)]);
  });

  it('has no compare on values: a record patched in place keeps its id and a stale update overwrites it', async () => {
    const results: Record<string, string> = {};
    const held: Record<string, RecordSet[]> = {};
    for (const [name, dns] of Object.entries(flavours(a(['192.0.2.10'])))) {
      await dns.read(zone);
      await dns.apply(zone, [update(a(['192.0.2.10']), a(['192.0.2.11']))]); // another writer
      results[name] = await outcome(dns.apply(zone, [update(a(['192.0.2.10']), a(['192.0.2.12']))]));
      held[name] = dns.records('Z1');
    }
    expect(results.route53).toMatch(/^conflict: .*no longer holds the value/);
    expect(held.route53).toEqual([a(['192.0.2.11'])]);
    expect(results.cloudflare).toBe('applied');
    expect(held.cloudflare).toEqual([a(['192.0.2.12'])]);
  });

  it('lets two creates at one name and type land as separate records; an identical one is taken as done', async () => {
    const create = (set: RecordSet): Change[] => [{ kind: 'create', role: 'record', record: 'r', next: set }];
    const { route53, cloudflare } = flavours();
    for (const dns of [route53, cloudflare]) await dns.apply(zone, create(a(['192.0.2.10'])));
    expect(await outcome(route53.apply(zone, create(a(['192.0.2.11']))))).toMatch(/already exists/);
    expect(await outcome(cloudflare.apply(zone, create(a(['192.0.2.11']))))).toBe('applied');
    expect(cloudflare.records('Z1')).toEqual([a(['192.0.2.10', '192.0.2.11'])]);
    expect(await outcome(cloudflare.apply(zone, create(a(['192.0.2.10']))))).toBe('applied');
    expect(cloudflare.records('Z1')).toEqual([a(['192.0.2.10', '192.0.2.11'])]);
    // The same content with other settings is Cloudflare's 81057.
    expect(await outcome(cloudflare.apply(zone, create(a(['192.0.2.10'], 300))))).toMatch(/81057/);
  });

  it('refuses an update or delete of a set it does not hold, as not found', async () => {
    const { cloudflare: dns } = flavours();
    expect(await outcome(dns.apply(zone, [update(a(['192.0.2.10']), a(['192.0.2.11']))]))).toMatch(
      /^conflict/,
    );
    expect(
      await outcome(
        dns.apply(zone, [{ kind: 'delete', role: 'record', record: 'r', prev: a(['192.0.2.10']) }]),
      ),
    ).toMatch(/^conflict/);
    expect(dns.records('Z1')).toEqual([]);
  });
});
