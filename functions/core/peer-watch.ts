/**
 * A peer plane that goes silent is news: the plane that stops hearing it says so once, when the peer's
 * newest heartbeat ages past `planes.takeoverAfter`, and once more when it is heard again. Computed
 * from the previous beacon (what this plane knew last tick) and what it knows now, so no extra state.
 */
import type { Beacon, CoreEvent, PlaneId } from './types';

export function peerSilence(input: {
  /** The peers this plane reads. */
  peers: readonly PlaneId[];
  /** This plane's beacon from its previous tick, if any. */
  previous: Beacon | undefined;
  /** The newest heartbeat known of each peer now. */
  seen: Partial<Record<PlaneId, number>>;
  silentAfterMs: number;
  now: number;
}): CoreEvent[] {
  const { previous, seen, silentAfterMs, now } = input;
  if (!previous) return [];
  const events: CoreEvent[] = [];
  for (const peer of input.peers) {
    const last = seen[peer];
    const before = previous.peers?.[peer];
    if (last === undefined || before === undefined) continue;
    const wasSilent = previous.at - before > silentAfterMs;
    const isSilent = now - last > silentAfterMs;
    if (isSilent && !wasSilent) events.push({ type: 'peer-silent', peer, lastHeartbeat: last, at: now });
    if (!isSilent && wasSilent) events.push({ type: 'peer-back', peer, lastHeartbeat: last, at: now });
  }
  return events;
}
