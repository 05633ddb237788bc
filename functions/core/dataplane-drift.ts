/**
 * Drift of the Route 53 failover sets of records in data-plane mode, from a zone the tick read anyway
 * (for the swap-mode records beside them), so it costs no API call. The health checks themselves are
 * not listed by a tick: `twinplane plan` compares those.
 */

import { ALIAS_PREFIX, FAILOVER_PREFIX, HEALTH_CHECK_PREFIX, SET_IDENTIFIER_PREFIX } from '../zone/records';
import type { Config } from './config/model';
import { zoneFor } from './config/zones';
import { desiredDataPlane, type FailoverSet } from './dataplane-plan';
import { baseName, SET_ID_PREFIX } from './dataplane-sets';
import { type ZoneReads, zoneKey } from './reconcile';
import type { CoreEvent, RecordSet } from './types';

const tagged = (set: RecordSet, prefix: string) =>
  set.values.find((v) => v.startsWith(prefix))?.slice(prefix.length);

const plainValues = (set: RecordSet) =>
  set.values
    .filter(
      (v) => ![SET_IDENTIFIER_PREFIX, FAILOVER_PREFIX, HEALTH_CHECK_PREFIX].some((p) => v.startsWith(p)),
    )
    .sort();

function differs(want: FailoverSet, have: RecordSet): string[] {
  const out: string[] = [];
  const where = `${want.name} ${want.type} ${want.setIdentifier}`;
  if (tagged(have, FAILOVER_PREFIX) !== want.failover)
    out.push(`${where} is ${tagged(have, FAILOVER_PREFIX) ?? 'no failover set'}, not ${want.failover}`);
  const values = plainValues(have);
  if (want.aliasTo) {
    const target = values[0]?.startsWith(ALIAS_PREFIX)
      ? values[0].slice(ALIAS_PREFIX.length).split(' ')[0]
      : undefined;
    if (target !== want.aliasTo)
      out.push(`${where} points at ${target ?? values.join(', ')}, not ${want.aliasTo}`);
  } else {
    if (values.join() !== (want.values ?? []).join())
      out.push(
        `${where} holds ${values.join(', ') || '(none)'} where the config has ${(want.values ?? []).join(', ')}`,
      );
    if (have.ttl !== want.ttl) out.push(`${where} ttl ${have.ttl} where the config has ${want.ttl}`);
  }
  if (want.healthCheck && !tagged(have, HEALTH_CHECK_PREFIX)) out.push(`${where} carries no health check`);
  return out;
}

/** One `drift` event per data-plane record whose failover sets, in a zone read this tick, differ. */
export function dataPlaneDrift(config: Config, reads: ZoneReads, now: number): CoreEvent[] {
  const events: CoreEvent[] = [];
  for (const record of config.records.filter((r) => r.dataplane)) {
    const zone = zoneFor(config.providers.route53?.zones ?? [], record.name);
    const sets = zone ? reads.get(zoneKey('route53', zone)) : undefined;
    if (!sets || sets instanceof Error) continue;
    // The sets do not depend on the verdict secret (only the checks' paths do).
    const desired = desiredDataPlane(config, record, '').sets;
    const ours = sets.filter(
      (s) =>
        s.type === record.type &&
        baseName(s.name, s.type) === record.name &&
        (tagged(s, SET_IDENTIFIER_PREFIX) ?? '').startsWith(SET_ID_PREFIX),
    );
    const details: string[] = [];
    for (const want of desired) {
      const have = ours.find(
        (s) => s.name === want.name && tagged(s, SET_IDENTIFIER_PREFIX) === want.setIdentifier,
      );
      if (!have) details.push(`no ${want.failover} set ${want.setIdentifier} at ${want.name}`);
      else details.push(...differs(want, have));
    }
    for (const have of ours)
      if (
        !desired.some((d) => d.name === have.name && d.setIdentifier === tagged(have, SET_IDENTIFIER_PREFIX))
      )
        details.push(`${have.name} ${have.type} ${tagged(have, SET_IDENTIFIER_PREFIX)} is not in the config`);
    if (details.length > 0)
      events.push({
        type: 'drift',
        record: record.key,
        provider: 'route53',
        detail: `${details.join('; ')} (twinplane apply restores the data-plane sets)`,
        at: now,
      });
  }
  return events;
}
