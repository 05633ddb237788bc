/**
 * Where twinplane keeps its mirror in Workers KV. One key per record state, per transition and per
 * plane beacon, so no key is written more than once a tick (KV allows one write per second per key).
 */
import type { PlaneId } from '../../core/types';

/** Every plane's beacon key starts so. */
export const BEACON_PREFIX = 'beacon:';

export const kvKeys = {
  state: (record: string) => `state:${record}`,
  /** Transition ids are `record#epoch`: each is written once. */
  transition: (id: string) => `history:${id}`,
  beacon: (plane: PlaneId) => `${BEACON_PREFIX}${plane}`,
} as const;

/** The part of a KV namespace binding twinplane uses; Workers' KVNamespace satisfies it. */
export interface KvNamespaceLike {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}
