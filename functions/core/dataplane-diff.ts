/**
 * Data-plane setup as one pure diff: what Route 53 holds (health checks, each zone's sets) against what
 * the config's records in `route53: { mode: dataplane }` need. The setup adapter only reads and writes.
 */
import type { Config, ZoneSpec } from './config/model';
import { zoneFor } from './config/zones';
import { type CheckDiff, diffHealthChecks, type FoundHealthCheck } from './dataplane-checks';
import { desiredDataPlane } from './dataplane-plan';
import { diffZoneSets, type FoundFailoverSet, type SetChange } from './dataplane-sets';
import { findMarker } from './ownership';
import type { PlaneId, RecordSet } from './types';

export interface FoundZone {
  zone: ZoneSpec;
  plain: RecordSet[];
  failover: FoundFailoverSet[];
}

export interface DataPlaneDiff {
  checks: CheckDiff;
  zones: { zone: ZoneSpec; changes: SetChange[] }[];
  /** Records and sets left alone, with why. */
  foreign: string[];
}

export interface DataPlaneDiffInput {
  config: Config;
  /** The verdict secret's value (it is part of every verdict check's path). */
  secret: string;
  plane: PlaneId;
  checks: readonly FoundHealthCheck[];
  zones: readonly FoundZone[];
}

/** Health checks of a record whose marker is foreign are not made: its sets will never carry them. */
function markedForeign(config: Config, zones: readonly FoundZone[], key: string): string | undefined {
  const record = config.records.find((r) => r.key === key);
  const zone = record && zoneFor(config.providers.route53?.zones ?? [], record.name);
  const found = zone && zones.find((z) => z.zone.id === zone.id);
  if (!record || !found) return undefined;
  const marker = findMarker(record, found.plain);
  if (!marker)
    return found.plain.some((s) => s.name === record.name && s.type === record.type)
      ? `${key} exists without a twinplane ownership marker, left alone`
      : undefined;
  if (marker.marker?.owner === config.owner) return undefined;
  return marker.marker
    ? `${key}: owned by "${marker.marker.owner}", not "${config.owner}", left alone`
    : `${key}: ${marker.set.name} TXT is not a twinplane marker, left alone`;
}

export function diffDataPlane(input: DataPlaneDiffInput): DataPlaneDiff {
  const { config } = input;
  const zones = config.providers.route53?.zones ?? [];
  const all = config.records.filter((r) => r.dataplane).map((r) => desiredDataPlane(config, r, input.secret));
  const foreign: string[] = [];
  const foreignKeys = new Set<string>();
  for (const d of all) {
    const why = markedForeign(config, input.zones, d.record);
    if (why) foreign.push(why);
    if (why) foreignKeys.add(d.record);
  }
  const desired = all.filter((d) => !foreignKeys.has(d.record));
  const checks = diffHealthChecks(
    config.owner,
    desired.flatMap((d) => d.healthChecks),
    input.checks,
  );
  // The checks of a record now marked foreign may still be referenced by its sets: never deleted here.
  // Nor are those of a record gone from the config, whose sets stay (see dataplane-sets.ts).
  const configured = new Set(config.records.map((r) => r.key));
  checks.deletes = checks.deletes.filter((d) => {
    const record = d.key?.split('#')[0];
    return !record || (configured.has(record) && !foreignKeys.has(record));
  });
  const out: DataPlaneDiff['zones'] = [];
  for (const found of input.zones) {
    const inZone = (name: string) => zoneFor(zones, name)?.id === found.zone.id;
    const records = config.records.filter((r) => inZone(r.name));
    const diff = diffZoneSets({
      owner: config.owner,
      plane: input.plane,
      records,
      desired: desired.filter((d) => records.some((r) => r.key === d.record)),
      plain: found.plain,
      failover: found.failover,
      kept: checks.kept,
    });
    foreign.push(...diff.foreign);
    out.push({ zone: found.zone, changes: diff.changes });
  }
  return { checks, zones: out, foreign };
}

/** How many writes the diff makes: health-check calls plus record-set changes. */
export function diffSize(diff: DataPlaneDiff): number {
  return (
    diff.checks.writes.length +
    diff.checks.deletes.length +
    diff.zones.reduce((n, z) => n + z.changes.length, 0)
  );
}
