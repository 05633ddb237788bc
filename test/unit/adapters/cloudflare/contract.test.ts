import { describe, expect, it } from 'vitest';
import { CloudflareApiFake } from '../../../fakes/cloudflare/api';
import { CloudflareContract, SchemaViolation } from '../../../fakes/cloudflare/openapi/validate';

const ZONE = '0123456789abcdef0123456789abcdef';
const contract = new CloudflareContract();
const none = new URLSearchParams();
const post = { type: 'A', name: 'app.example.com', content: '192.0.2.10', ttl: 300, proxied: false };
const record = {
  id: '372e67954025e0ba6aaa6d586b9e0b59',
  ...post,
  data: {},
  settings: {},
  comment: '',
  tags: [],
  proxiable: true,
  meta: {},
  created_on: '2026-01-01T00:00:00.000Z',
  modified_on: '2026-01-01T00:00:00.000Z',
};
const ok = (result: unknown, extra = {}) => ({ success: true, errors: [], messages: [], result, ...extra });
const failed = (code: number, message = 'x') => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});
const violation = (f: () => void) => {
  try {
    f();
  } catch (error) {
    if (error instanceof SchemaViolation) return error.message;
    throw error;
  }
  return undefined;
};

describe('the Cloudflare API contract (published OpenAPI subset)', () => {
  it('takes the batch body the adapter sends: deletes, patches and posts by id', () => {
    const body = {
      deletes: [{ id: record.id }],
      patches: [{ id: record.id, type: 'A', name: post.name, ttl: 60, proxied: true }],
      posts: [post, { type: 'TXT', name: `_m.${post.name}`, content: '"v=1"', ttl: 300 }],
    };
    expect(violation(() => contract.request('batch', ZONE, none, body))).toBeUndefined();
  });

  it.each([
    [
      'an A record whose content is no IPv4 address',
      { posts: [{ ...post, content: 'not-an-address' }] },
      'format',
    ],
    ['a TTL below the minimum', { posts: [{ ...post, ttl: 5 }] }, 'ttl'],
    ['a delete without an id', { deletes: [{}] }, "required property 'id'"],
    ['an unknown record type', { posts: [{ ...post, type: 'SPF' }] }, 'posts/0'],
    ['deletes that are not a list', { deletes: { id: record.id } }, '/deletes must be array'],
  ])('rejects a batch body with %s', (_, body, reason) => {
    expect(violation(() => contract.request('batch', ZONE, none, body))).toContain(reason);
  });

  it('rejects list queries the schema does not allow', () => {
    const q = (s: string) => new URLSearchParams(s);
    expect(violation(() => contract.request('list', ZONE, q('page=1&per_page=5000')))).toBeUndefined();
    expect(violation(() => contract.request('list', ZONE, q('per_page=0')))).toContain('per_page');
    expect(violation(() => contract.request('list', ZONE, q('type=SPF')))).toContain('type');
    expect(violation(() => contract.request('list', ZONE, q('pagesize=10')))).toContain('additional');
    expect(violation(() => contract.request('list', 'z'.repeat(33), none))).toContain('zone_id');
  });

  it('holds answers to the schema: required record fields and the failure envelope', () => {
    const info = { result_info: { page: 1, per_page: 100, count: 1, total_count: 1, total_pages: 1 } };
    expect(violation(() => contract.response('list', 200, ok([record], info)))).toBeUndefined();
    const { proxiable: _, ...noProxiable } = record;
    expect(violation(() => contract.response('list', 200, ok([noProxiable], info)))).toContain('proxiable');
    const { comment: __, ...noComment } = record;
    expect(violation(() => contract.response('batch', 200, ok({ posts: [noComment] })))).toContain('comment');
    expect(violation(() => contract.response('batch', 404, failed(81044)))).toBeUndefined();
    const { result: ___, ...noResult } = failed(81044);
    expect(violation(() => contract.response('batch', 404, noResult))).toContain('result');
    expect(violation(() => contract.response('batch', 400, { ...failed(81058), success: true }))).toContain(
      'success',
    );
  });

  it('accepts code 971 only on the 429 the live API sends it with', () => {
    expect(violation(() => contract.response('list', 429, failed(971)))).toBeUndefined();
    expect(violation(() => contract.response('list', 400, failed(971)))).toContain('code');
  });
});

describe('the Cloudflare API fake under the contract', () => {
  const fake = new CloudflareApiFake({ zones: { [ZONE]: 'example.com' } });
  const call = (path: string, init: RequestInit = {}) =>
    fake.handle(
      new Request(`http://fake/client/v4/zones/${ZONE}/dns_records${path}`, {
        ...init,
        headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' },
      }),
    );

  it('answers a request that breaks the schema with 500 naming the breach, and changes nothing', async () => {
    fake.reset();
    const response = await call('/batch', {
      method: 'POST',
      body: JSON.stringify({ posts: [{ ...post, ttl: 5 }] }),
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('batch request body');
    expect(fake.violations).toHaveLength(1);
    expect(fake.zone(ZONE).records.size).toBe(0);
  });

  it("returns Cloudflare's failure envelope for a record id the zone does not hold", async () => {
    fake.reset();
    const response = await call('/batch', {
      method: 'POST',
      body: JSON.stringify({ deletes: [{ id: record.id }] }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(failed(81044, 'Record does not exist.'));
    expect(fake.violations).toEqual([]);
  });
});
