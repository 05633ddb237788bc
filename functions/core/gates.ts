/**
 * Safety gates every plan passes before anything is written (octoDNS' raise_if_unsafe, in spirit):
 * no record set emptied or deleted, apex NS/SOA never touched, and a cap on changes per tick.
 */
import type { Config } from './config/model';
import type { Change } from './types';

/**
 * Whether nothing may be written: the config's `safety.dryRun` holds over every request. A request can
 * ask for a dry run (`true`); `false` or leaving it out never lifts the config's.
 */
export function isDryRun(config: Pick<Config, 'safety'>, requested?: boolean): boolean {
  return config.safety.dryRun || requested === true;
}

export interface GateOptions {
  maxChangesPerTick: number;
  /** Zone apex names: NS and SOA there are never ours to change. */
  apexes?: readonly string[];
  /** Allow deleting record sets (zone import with an explicit flag); never for a tick. */
  allowDeletes?: boolean;
  /** How the cap is named in messages. Default `maxChangesPerTick`. */
  limitName?: string;
}

/** Reasons the changes are unsafe; empty when they may be applied. */
export function unsafeReasons(changes: readonly Change[], options: GateOptions): string[] {
  const reasons: string[] = [];
  const recordChanges = changes.filter((c) => c.role === 'record');
  if (recordChanges.length > options.maxChangesPerTick) {
    reasons.push(
      `${recordChanges.length} record set changes exceed ${options.limitName ?? 'maxChangesPerTick'} (${options.maxChangesPerTick})`,
    );
  }
  for (const change of changes) {
    const set = change.kind === 'delete' ? change.prev : change.next;
    if (set.type === 'SOA') reasons.push(`${set.name} SOA is never changed`);
    else if (set.type === 'NS' && (options.apexes ?? []).includes(set.name)) {
      reasons.push(`${set.name} NS is the zone apex and is never changed`);
    }
    if (change.kind !== 'delete' && change.next.values.length === 0) {
      reasons.push(`${set.name} ${set.type} would be left with no values`);
    }
    if (change.kind === 'delete' && change.role === 'record' && !options.allowDeletes) {
      reasons.push(`${set.name} ${set.type} would be deleted`);
    }
  }
  return [...new Set(reasons)];
}
