/** Which configured zone a record name falls in. */
import { isWithin } from '../names';
import type { ZoneSpec } from './model';

/** The zone holding `name`: the longest matching domain, or the single zone given without a domain. */
export function zoneFor(zones: readonly ZoneSpec[], name: string): ZoneSpec | undefined {
  if (zones.length === 0) return undefined;
  let byName = found.get(zones);
  if (!byName) {
    byName = new Map();
    found.set(zones, byName);
  }
  const known = byName.get(name);
  if (known !== undefined) return known === NONE ? undefined : known;
  const zone = longestMatch(zones, name);
  byName.set(name, zone ?? NONE);
  return zone;
}

// What the cache keeps for a name no zone holds, so one lookup answers both cases.
const NONE = Symbol('no zone');

// A config's zone lists never change once loaded, and a tick asks for every record on every provider,
// often several times: the answer is kept per list and name.
const found = new WeakMap<readonly ZoneSpec[], Map<string, ZoneSpec | typeof NONE>>();

function longestMatch(zones: readonly ZoneSpec[], name: string): ZoneSpec | undefined {
  let best: ZoneSpec | undefined;
  for (const zone of zones) {
    if (zone.domain === undefined) {
      if (zones.length === 1) return zone;
      continue;
    }
    if (isWithin(name, zone.domain) && (!best?.domain || zone.domain.length > best.domain.length))
      best = zone;
  }
  return best;
}
