/**
 * Applies an import plan in batches the provider accepts (each batch atomic where the provider allows,
 * the whole import not). A failure says how many changes had already landed, so a re-run (which plans
 * against the zone as it then is) can be judged.
 */
import type { ZoneSpec } from '../core/config/model';
import { errorMessage, TwinplaneError } from '../core/errors';
import type { DnsProvider } from '../core/ports';
import type { Change } from '../core/types';

/** Thrown when a batch of an import failed; `applied` changes (earlier batches) are in the zone. */
export class ImportApplyError extends TwinplaneError {
  constructor(
    readonly applied: number,
    readonly total: number,
    options: { cause: unknown },
  ) {
    super(`import stopped after ${applied} of ${total} change(s): ${errorMessage(options.cause)}`, options);
  }
}

/** A change's cost against maxBatch: Cloudflare spends one operation per value, old and new. */
const weight = (c: Change) =>
  (c.kind === 'create' ? 0 : c.prev.values.length) + (c.kind === 'delete' ? 0 : c.next.values.length);

export function batches(changes: readonly Change[], maxBatch: number): Change[][] {
  const out: Change[][] = [];
  let current: Change[] = [];
  let load = 0;
  for (const change of changes) {
    const w = Math.max(1, weight(change));
    if (current.length > 0 && load + w > maxBatch) {
      out.push(current);
      current = [];
      load = 0;
    }
    current.push(change);
    load += w;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export async function applyImport(
  provider: DnsProvider,
  zone: ZoneSpec,
  changes: readonly Change[],
  onBatch?: (done: number, total: number) => void,
): Promise<number> {
  let done = 0;
  for (const batch of batches(changes, provider.capabilities.maxBatch)) {
    try {
      await provider.apply(zone, batch);
    } catch (error) {
      throw new ImportApplyError(done, changes.length, { cause: error });
    }
    done += batch.length;
    onBatch?.(done, changes.length);
  }
  return done;
}
