/** Which configured zone a record name falls in. */
import { isWithin } from '../names';
import type { ZoneSpec } from './model';

/** The zone holding `name`: the longest matching domain, or the single zone given without a domain. */
export function zoneFor(zones: readonly ZoneSpec[], name: string): ZoneSpec | undefined {
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
