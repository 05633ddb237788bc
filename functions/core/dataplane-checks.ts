/**
 * Data-plane setup, the health checks: the desired checks (dataplane-plan.ts) against the ones Route 53
 * holds, as an ordered change list. Pure. A check is ours when its `twinplane:owner` tag names our owner
 * or its CallerReference carries our owner's hash (a create whose tagging failed); anything else is
 * foreign and never appears in a change.
 */
import type { CalculatedCheckConfig, DataPlaneHealthCheck, EndpointCheckConfig } from './dataplane-plan';

export const OWNER_TAG = 'twinplane:owner';
export const KEY_TAG = 'twinplane:key';
const REF_VERSION = 'tp1';

export interface FoundHealthCheck {
  id: string;
  callerReference: string;
  version: number;
  /** As Route 53 holds it: the children of a CALCULATED check are health check ids, not keys. */
  config: EndpointCheckConfig | CalculatedCheckConfig;
  tags: Readonly<Record<string, string>>;
}

export type CheckChange =
  | { kind: 'create'; check: DataPlaneHealthCheck; callerReference: string }
  | { kind: 'update'; id: string; version: number; check: DataPlaneHealthCheck; fields: string[] }
  | { kind: 'tag'; id: string; key: string }
  | { kind: 'delete'; id: string; key?: string; calculated: boolean };

export interface CheckDiff {
  /** Creates (endpoint checks before the CALCULATED ones over them), updates and re-tags. */
  writes: CheckChange[];
  /** Deletes: to run only after the record sets stop referencing them, CALCULATED checks first. */
  deletes: Extract<CheckChange, { kind: 'delete' }>[];
  /** key -> id of every desired check that stays where it is (not created, not replaced). */
  kept: Map<string, string>;
}

/** FNV-1a, 32 bits as 8 hex digits: short stable names, not security. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const ownerPrefix = (owner: string) => `${REF_VERSION}-${shortHash(owner)}-`;

/**
 * `tp1-<owner>-<key>-<settings>`: the same check asked for twice gets the same reference, so a create
 * retried after a lost answer returns the check already made. `attempt` > 0 appends `-n`, for a check
 * created again after a delete (Route 53 refuses a deleted check's reference for some days).
 */
export function callerReference(owner: string, check: DataPlaneHealthCheck, attempt = 0): string {
  const base = `${ownerPrefix(owner)}${shortHash(check.key)}-${shortHash(JSON.stringify(check.config))}`;
  return attempt > 0 ? `${base}-${attempt + 1}` : base;
}

export function isOurs(owner: string, found: FoundHealthCheck): boolean {
  const tagged = found.tags[OWNER_TAG];
  return tagged !== undefined ? tagged === owner : found.callerReference.startsWith(ownerPrefix(owner));
}

/** Settings that UpdateHealthCheck cannot change (or that change how the endpoint is named): replace. */
function replaceable(want: DataPlaneHealthCheck['config'], have: DataPlaneHealthCheck['config']): boolean {
  if (want.type !== have.type) return true;
  if (want.type === 'CALCULATED' || have.type === 'CALCULATED') return false;
  return (
    want.requestIntervalS !== have.requestIntervalS || (want.fqdn === undefined) !== (have.fqdn === undefined)
  );
}

function changedFields(
  want: DataPlaneHealthCheck['config'],
  have: DataPlaneHealthCheck['config'],
  childIds: (string | undefined)[] | undefined,
): string[] {
  if (want.type === 'CALCULATED' && have.type === 'CALCULATED') {
    const fields = want.healthThreshold !== have.healthThreshold ? ['healthThreshold'] : [];
    const wanted = childIds ?? [];
    const same =
      !wanted.includes(undefined) &&
      wanted.length === have.children.length &&
      [...wanted].sort().join() === [...have.children].sort().join();
    return same ? fields : [...fields, 'children'];
  }
  if (want.type === 'CALCULATED' || have.type === 'CALCULATED') return ['type'];
  const keys = ['fqdn', 'ip', 'port', 'resourcePath', 'inverted', 'failureThreshold'] as const;
  return keys.filter((k) => want[k] !== have[k]);
}

export function diffHealthChecks(
  owner: string,
  desired: readonly DataPlaneHealthCheck[],
  found: readonly FoundHealthCheck[],
): CheckDiff {
  const byRefKey = new Map(desired.map((d) => [`${ownerPrefix(owner)}${shortHash(d.key)}-`, d.key]));
  const keyOf = (f: FoundHealthCheck) =>
    f.tags[KEY_TAG] ?? [...byRefKey].find(([prefix]) => f.callerReference.startsWith(prefix))?.[1];
  const ours = found.filter((f) => isOurs(owner, f)).sort((a, b) => a.id.localeCompare(b.id));
  const unclaimed = new Set(ours);
  const writes: CheckChange[] = [];
  const kept = new Map<string, string>();
  // Endpoint checks first: a CALCULATED check compares its children by the ids they keep.
  const ordered = [
    ...desired.filter((d) => d.config.type !== 'CALCULATED'),
    ...desired.filter((d) => d.config.type === 'CALCULATED'),
  ];
  const creates: CheckChange[] = [];
  for (const want of ordered) {
    const match = ours.find(
      (f) => unclaimed.has(f) && keyOf(f) === want.key && !replaceable(want.config, f.config),
    );
    if (!match) {
      creates.push({ kind: 'create', check: want, callerReference: callerReference(owner, want) });
      continue;
    }
    unclaimed.delete(match);
    kept.set(want.key, match.id);
    const childIds =
      want.config.type === 'CALCULATED' ? want.config.children.map((k) => kept.get(k)) : undefined;
    const fields = changedFields(want.config, match.config, childIds);
    if (fields.length > 0)
      writes.push({ kind: 'update', id: match.id, version: match.version, check: want, fields });
    if (match.tags[OWNER_TAG] !== owner || match.tags[KEY_TAG] !== want.key)
      writes.push({ kind: 'tag', id: match.id, key: want.key });
  }
  const deletes = [...unclaimed]
    .map((f) => {
      const key = keyOf(f);
      return {
        kind: 'delete' as const,
        id: f.id,
        ...(key ? { key } : {}),
        calculated: f.config.type === 'CALCULATED',
      };
    })
    .sort((a, b) => Number(b.calculated) - Number(a.calculated));
  return { writes: [...creates, ...writes], deletes, kept };
}
