import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../../../functions/adapters/memory/dns';
import { ConflictError } from '../../../../functions/core/errors';
import { sameRecordSet } from '../../../../functions/core/plan';
import type { RecordSet } from '../../../../functions/core/types';

const zone = { domain: 'example.com', id: 'Z1' };
const set = (name: string, values: string[], type = 'A'): RecordSet => ({ name, type, ttl: 60, values });

describe('MemoryDnsProvider', () => {
  it('applies creates, updates and deletes in place and reads them back', async () => {
    const dns = new MemoryDnsProvider({
      name: 'route53',
      zones: { Z1: [set('a.example.com', ['192.0.2.1']), set('b.example.com', ['192.0.2.2'])] },
    });
    await dns.apply(zone, [
      { kind: 'delete', role: 'record', record: 'a', prev: set('a.example.com', ['192.0.2.1']) },
      { kind: 'create', role: 'record', record: 'c', next: set('c.example.com', ['192.0.2.3']) },
      {
        kind: 'update',
        role: 'record',
        record: 'b',
        prev: set('b.example.com', ['192.0.2.2']),
        next: set('b.example.com', ['192.0.2.9']),
      },
    ]);
    const names = (await dns.read(zone)).map((s) => `${s.name} ${s.values.join()}`).sort();
    expect(names).toEqual(['b.example.com 192.0.2.9', 'c.example.com 192.0.2.3']);
    expect(dns.find('Z1', 'a.example.com', 'A')).toBeUndefined();
    expect(dns.find('Z1', 'c.example.com', 'A')?.values).toEqual(['192.0.2.3']);
  });

  it("lands none of a record's changes when one no longer matches; throws when no record landed", async () => {
    const dns = new MemoryDnsProvider({
      name: 'route53',
      zones: { Z1: [set('a.example.com', ['192.0.2.1'])] },
    });
    const apply = dns.apply(zone, [
      { kind: 'create', role: 'record', record: 'a', next: set('c.example.com', ['192.0.2.3']) },
      { kind: 'delete', role: 'record', record: 'a', prev: set('a.example.com', ['192.0.2.7']) },
    ]);
    await expect(apply).rejects.toBeInstanceOf(ConflictError);
    expect(dns.records('Z1')).toEqual([set('a.example.com', ['192.0.2.1'])]);
  });

  it('lands the other records of an apply when one record conflicts, and says which failed', async () => {
    const dns = new MemoryDnsProvider({
      name: 'route53',
      zones: { Z1: [set('a.example.com', ['192.0.2.1'])] },
    });
    const result = await dns.apply(zone, [
      { kind: 'create', role: 'record', record: 'c', next: set('c.example.com', ['192.0.2.3']) },
      { kind: 'delete', role: 'record', record: 'a', prev: set('a.example.com', ['192.0.2.7']) },
    ]);
    expect([...(result?.failed.keys() ?? [])]).toEqual(['a']);
    expect(dns.find('Z1', 'c.example.com', 'A')?.values).toEqual(['192.0.2.3']);
    expect(dns.find('Z1', 'a.example.com', 'A')?.values).toEqual(['192.0.2.1']);
  });

  it('sees a zone replaced from outside, and hands out copies', async () => {
    const dns = new MemoryDnsProvider({
      name: 'route53',
      zones: { Z1: [set('a.example.com', ['192.0.2.1'])] },
    });
    dns.find('Z1', 'a.example.com', 'A')!.values.push('mutated');
    dns.zones.set('Z1', [set('x.example.com', ['192.0.2.5'])]);
    expect(dns.find('Z1', 'a.example.com', 'A')).toBeUndefined();
    expect(dns.find('Z1', 'x.example.com', 'A')?.values).toEqual(['192.0.2.5']);
  });
});

describe('MemoryDnsProvider reads', () => {
  it('hands out the sets it wrote, frozen, in a new array: a later write leaves an earlier read as read', async () => {
    const dns = new MemoryDnsProvider({ name: 'route53' });
    await dns.apply(zone, [
      { kind: 'create', role: 'record', record: 'a', next: set('a.example.com', ['192.0.2.1']) },
    ]);
    const first = await dns.read(zone);
    const again = await dns.read(zone);
    expect(again).not.toBe(first);
    expect(again[0]).toBe(first[0]);
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(Object.isFrozen(first[0]!.values)).toBe(true);
    expect(() => (first[0]!.values as string[]).push('192.0.2.9')).toThrow(TypeError);
    first.pop();
    expect(await dns.read(zone)).toHaveLength(1);
    await dns.apply(zone, [
      {
        kind: 'update',
        role: 'record',
        record: 'a',
        prev: set('a.example.com', ['192.0.2.1']),
        next: set('a.example.com', ['192.0.2.2']),
      },
    ]);
    expect(again[0]!.values).toEqual(['192.0.2.1']);
    expect((await dns.read(zone))[0]!.values).toEqual(['192.0.2.2']);
  });

  it('stores a copy of what it is asked to write, so the writer keeps its own objects', async () => {
    const dns = new MemoryDnsProvider({ name: 'cloudflare' });
    const next = set('a.example.com', ['192.0.2.1']);
    await dns.apply(zone, [{ kind: 'create', role: 'record', record: 'a', next }]);
    expect(Object.isFrozen(next)).toBe(false);
    next.values.push('192.0.2.7');
    expect((await dns.read(zone))[0]!.values).toEqual(['192.0.2.1']);
  });
});

describe('sameRecordSet', () => {
  it('compares values as a multiset, sorted or not', () => {
    expect(sameRecordSet(set('a', ['2', '1']), set('a', ['1', '2']))).toBe(true);
    expect(sameRecordSet(set('a', ['1', '1']), set('a', ['1', '2']))).toBe(false);
    expect(sameRecordSet(set('a', ['3', '1']), set('a', ['1', '2']))).toBe(false);
  });
});
