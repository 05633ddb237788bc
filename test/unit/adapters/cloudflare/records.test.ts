import { describe, expect, it } from 'vitest';
import { indexRecords, quoteTxt, unquoteTxt } from '../../../../functions/adapters/cloudflare/records';

describe('TXT content', () => {
  it.each([
    ['"heritage=twinplane,owner=a"', 'heritage=twinplane,owner=a'],
    ['"v=spf1 " "-all"', 'v=spf1 -all'],
    ['"say \\"hi\\" \\\\ bye"', 'say "hi" \\ bye'],
    ['unquoted text', 'unquoted text'],
    ['""', ''],
  ])('reads %s as %s', (content, value) => {
    expect(unquoteTxt(content)).toBe(value);
  });

  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
  ])('writes %s as %s and reads it back', (value, content) => {
    expect(quoteTxt(value)).toBe(content);
    expect(unquoteTxt(quoteTxt(value))).toBe(value);
  });

  it('splits values longer than 255 characters into several strings', () => {
    const long = 'x'.repeat(300);
    expect(quoteTxt(long)).toBe(`"${'x'.repeat(255)}" "${'x'.repeat(45)}"`);
    expect(unquoteTxt(quoteTxt(long))).toBe(long);
  });
});

describe('indexRecords', () => {
  const r = (id: string, name: string, type: string, content: string, ttl = 300, proxied = false) => ({
    id,
    name,
    type,
    content,
    ttl,
    proxied,
  });

  it.each([
    [
      'one record per value becomes one sorted set',
      [r('1', 'app.example.com', 'A', '192.0.2.2'), r('2', 'app.example.com', 'A', '192.0.2.1')],
      { name: 'app.example.com', type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'], proxied: false },
    ],
    [
      'a proxied record keeps the automatic TTL',
      [r('1', 'app.example.com', 'A', '192.0.2.1', 1, true)],
      { name: 'app.example.com', type: 'A', ttl: 1, values: ['192.0.2.1'], proxied: true },
    ],
    [
      'a DNS-only record on the automatic TTL reads as 300 s',
      [r('1', 'app.example.com', 'AAAA', '2001:DB8::1', 1)],
      { name: 'app.example.com', type: 'AAAA', ttl: 300, values: ['2001:db8::1'], proxied: false },
    ],
    [
      'names and CNAME targets are normalised',
      [r('1', 'WWW.Example.com.', 'CNAME', 'Origin.Example.NET.')],
      { name: 'www.example.com', type: 'CNAME', ttl: 300, values: ['origin.example.net'], proxied: false },
    ],
    [
      'TXT values are unquoted',
      [r('1', '_twinplane-a.app.example.com', 'TXT', '"heritage=twinplane"')],
      {
        name: '_twinplane-a.app.example.com',
        type: 'TXT',
        ttl: 300,
        values: ['heritage=twinplane'],
        proxied: false,
      },
    ],
    [
      'records that disagree on TTL or proxying read as TTL 0, so the plan rewrites them',
      [r('1', 'app.example.com', 'A', '192.0.2.1', 60), r('2', 'app.example.com', 'A', '192.0.2.2', 1, true)],
      { name: 'app.example.com', type: 'A', ttl: 0, values: ['192.0.2.1', '192.0.2.2'], proxied: false },
    ],
  ])('%s', (_name, records, set) => {
    const index = indexRecords(records);
    expect([...index.sets.values()]).toEqual([set]);
    expect(index.entries.get(`${set.name}/${set.type}`)!.map((e) => e.id)).toEqual(records.map((x) => x.id));
  });
});
