/**
 * Authority: the configured leader applies; a follower applies only while the leader's heartbeat is
 * older than takeoverAfter. A returning leader adopts the higher epoch it finds (see tick.ts) rather than
 * undoing the follower's work.
 */
import { formatDuration } from './duration';
import type { Beacon, PlaneId } from './types';

export interface Authority {
  applies: boolean;
  reason: string;
}

export function authority(
  planes: { leader: PlaneId; takeoverAfterMs: number },
  self: PlaneId,
  leaderHeartbeat: number | undefined,
  now: number,
): Authority {
  if (planes.leader === self) return { applies: true, reason: `${self} is the leader` };
  if (leaderHeartbeat === undefined) {
    return {
      applies: true,
      reason: `no heartbeat from leader ${planes.leader} was ever seen; ${self} takes over`,
    };
  }
  const age = now - leaderHeartbeat;
  if (age > planes.takeoverAfterMs) {
    return {
      applies: true,
      reason: `leader ${planes.leader} last seen ${formatDuration(age)} ago (> ${formatDuration(planes.takeoverAfterMs)}); ${self} takes over`,
    };
  }
  return { applies: false, reason: `follower: leader ${planes.leader} seen ${formatDuration(age)} ago` };
}

/** The newest heartbeat known of `plane`: from a beacon read now, else from what we remembered. */
export function lastHeartbeat(
  plane: PlaneId,
  read: readonly Beacon[],
  own: Beacon | undefined,
): number | undefined {
  const fresh = read.find((b) => b.plane === plane)?.at;
  const remembered = own?.peers?.[plane];
  if (fresh === undefined) return remembered;
  return remembered === undefined ? fresh : Math.max(fresh, remembered);
}
