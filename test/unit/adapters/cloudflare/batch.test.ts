import { describe, expect, it } from 'vitest';
import { type BatchBody, toBatch } from '../../../../functions/adapters/cloudflare/batch';
import { indexRecords } from '../../../../functions/adapters/cloudflare/records';
import { ConflictError } from '../../../../functions/core/errors';
import type { Change, RecordSet } from '../../../../functions/core/types';

const NAME = 'app.example.com';
const MARKER = '_twinplane-a.app.example.com';
const a = (values: string[], ttl = 300, proxied = false): RecordSet => ({
  name: NAME,
  type: 'A',
  ttl,
  values,
  proxied,
});
const marker = (pool: string): RecordSet => ({
  name: MARKER,
  type: 'TXT',
  ttl: 300,
  values: [`pool=${pool}`],
});

const zone = indexRecords([
  { id: 'r1', name: NAME, type: 'A', content: '192.0.2.1', ttl: 300, proxied: false },
  { id: 'r2', name: NAME, type: 'A', content: '192.0.2.2', ttl: 300, proxied: false },
  { id: 'm1', name: MARKER, type: 'TXT', content: '"pool=primary"', ttl: 300 },
]);
const current = a(['192.0.2.1', '192.0.2.2']);
const update = (next: RecordSet): Change => ({
  kind: 'update',
  role: 'record',
  record: 'r',
  prev: current,
  next,
});
const post = (content: string, ttl = 300, proxied: boolean | undefined = false) => ({
  type: 'A',
  name: NAME,
  content,
  ttl,
  ...(proxied === undefined ? {} : { proxied }),
  comment: 'c',
});

describe('toBatch', () => {
  it.each<[string, Change[], BatchBody]>([
    [
      'creates post one record per value, TXT quoted',
      [
        { kind: 'create', role: 'record', record: 'r', next: a(['192.0.2.9']) },
        { kind: 'create', role: 'marker', record: 'r', next: marker('primary') },
      ],
      {
        deletes: [],
        patches: [],
        posts: [
          post('192.0.2.9'),
          { type: 'TXT', name: MARKER, content: '"pool=primary"', ttl: 300, comment: 'c' },
        ],
      },
    ],
    [
      'a marker update deletes the read id and posts anew, so its id changes (the compare-and-set)',
      [{ kind: 'update', role: 'marker', record: 'r', prev: marker('primary'), next: marker('secondary') }],
      {
        deletes: [{ id: 'm1' }],
        patches: [],
        posts: [{ type: 'TXT', name: MARKER, content: '"pool=secondary"', ttl: 300, comment: 'c' }],
      },
    ],
    [
      'a swap patches the records in place, reusing their ids',
      [update(a(['192.0.2.7', '192.0.2.8'], 60))],
      {
        deletes: [],
        patches: [
          { id: 'r1', type: 'A', name: NAME, content: '192.0.2.7', ttl: 60, proxied: false },
          { id: 'r2', type: 'A', name: NAME, content: '192.0.2.8', ttl: 60, proxied: false },
        ],
        posts: [],
      },
    ],
    [
      'a value kept only switches its TTL; a value dropped is deleted',
      [update(a(['192.0.2.2'], 60))],
      {
        deletes: [{ id: 'r1' }],
        patches: [{ id: 'r2', type: 'A', name: NAME, ttl: 60, proxied: false }],
        posts: [],
      },
    ],
    [
      'more values than records: patch what exists, post the rest',
      [update(a(['192.0.2.1', '192.0.2.5', '192.0.2.6']))],
      {
        deletes: [],
        patches: [{ id: 'r2', type: 'A', name: NAME, content: '192.0.2.5', ttl: 300, proxied: false }],
        posts: [post('192.0.2.6')],
      },
    ],
    [
      'moving onto a proxied pool writes the automatic TTL',
      [update(a(['192.0.2.1', '192.0.2.2'], 1, true))],
      {
        deletes: [],
        patches: [
          { id: 'r1', type: 'A', name: NAME, ttl: 1, proxied: true },
          { id: 'r2', type: 'A', name: NAME, ttl: 1, proxied: true },
        ],
        posts: [],
      },
    ],
  ])('%s', (_name, changes, expected) => {
    expect(toBatch(changes, zone, 'c')).toEqual(expected);
  });

  it('refuses a change planned against values the zone no longer holds', () => {
    const stale: Change = {
      kind: 'update',
      role: 'record',
      record: 'r',
      prev: a(['192.0.2.3']),
      next: a(['192.0.2.4']),
    };
    expect(() => toBatch([stale], zone)).toThrow(ConflictError);
  });

  it('refuses to delete a set the last read did not see', () => {
    const gone: Change = {
      kind: 'delete',
      role: 'record',
      record: 'r',
      prev: { ...current, name: 'old.example.com' },
    };
    expect(() => toBatch([gone], zone)).toThrow(ConflictError);
  });
});
