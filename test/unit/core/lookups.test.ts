/** The lookups a tick repeats for every record are kept between calls; what they answer must not change. */
import { describe, expect, it } from 'vitest';
import type { ZoneSpec } from '../../../functions/core/config/model';
import { zoneFor } from '../../../functions/core/config/zones';
import { markerName, markerValue, parseMarker } from '../../../functions/core/ownership';
import { zoneIndex } from '../../../functions/core/zone-index';

describe('zoneFor', () => {
  it('answers per zone list: the same name in two configs finds each its own zone', () => {
    const a: ZoneSpec[] = [{ id: 'ZA', domain: 'example.com' }];
    const b: ZoneSpec[] = [
      { id: 'ZB', domain: 'example.com' },
      { id: 'ZC', domain: 'app.example.com' },
    ];
    expect(zoneFor(a, 'app.example.com')?.id).toBe('ZA');
    expect(zoneFor(b, 'app.example.com')?.id).toBe('ZC');
    expect(zoneFor(a, 'app.example.com')?.id).toBe('ZA');
    expect(zoneFor(b, 'www.example.com')?.id).toBe('ZB');
    expect(zoneFor(a, 'app.example.org')).toBeUndefined();
    expect(zoneFor(a, 'app.example.org')).toBeUndefined();
    expect(zoneFor([], 'app.example.com')).toBeUndefined();
  });
});

describe('parseMarker', () => {
  const value = markerValue('team', 'app.example.com/A', { activePool: 'secondary', epoch: 3, plane: 'aws' });

  it('gives the same fields every time, in a shared object no caller can change', () => {
    const first = parseMarker(value);
    expect(first).toEqual({
      owner: 'team',
      record: 'app.example.com/A',
      pool: 'secondary',
      epoch: 3,
      plane: 'aws',
    });
    expect(parseMarker(value)).toEqual(first);
    expect(Object.isFrozen(parseMarker(value))).toBe(true);
    expect(parseMarker('heritage=external-dns,owner=x')).toBeUndefined();
    expect(parseMarker('heritage=external-dns,owner=x')).toBeUndefined();
  });

  it('still parses new values after many distinct ones', () => {
    for (let i = 0; i < 60_000; i++) parseMarker(`v=${i}`);
    expect(parseMarker(value)?.epoch).toBe(3);
  });
});

describe('markerName and the zone index', () => {
  it('names a marker per record and type, and finds every type at a name', () => {
    expect(markerName({ name: 'app.example.com', type: 'AAAA' })).toBe('_twinplane-aaaa.app.example.com');
    expect(markerName({ name: 'app.example.com', type: 'A' })).toBe('_twinplane-a.app.example.com');
    const index = zoneIndex([
      { name: 'app.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'] },
      { name: 'app.example.com', type: 'TXT', ttl: 60, values: ['"x"'] },
      { name: 'www.example.com', type: 'A', ttl: 60, values: ['192.0.2.2'] },
    ]);
    expect(index.get('app.example.com', 'TXT')?.values).toEqual(['"x"']);
    expect(index.get('app.example.com', 'A')?.values).toEqual(['192.0.2.1']);
    expect(index.get('app.example.com', 'AAAA')).toBeUndefined();
    expect(index.get('db.example.com', 'A')).toBeUndefined();
    expect(index.at('app.example.com').map((s) => s.type)).toEqual(['A', 'TXT']);
  });
});
