/**
 * The simulated world: a virtual clock, seeded randomness, origins with a ground truth per vantage,
 * and DNS providers that keep real semantics (atomic batches; Route 53's compare-and-set on values,
 * Cloudflare's writes by record id) under injected faults (API down, throttling).
 */

import { MemoryDnsProvider } from '../adapters/memory/dns';
import type { ZoneSpec } from '../core/config/model';
import { ProviderError } from '../core/errors';
import type { ApplyResult, Clock, DnsProvider } from '../core/ports';
import type { Change, PlaneId, ProviderName, RecordSet } from '../core/types';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A clock the simulator moves; `offsetMs` skews what one plane believes the time is. */
export class SimClock implements Clock {
  constructor(
    private readonly world: { t: number },
    readonly offsetMs = 0,
  ) {}
  now() {
    return this.world.t + this.offsetMs;
  }
  /** Simulated waits end at once: probes and peers answer instantly or time out by their own rule. */
  async sleep(_ms: number, _signal?: AbortSignal) {
    await new Promise<void>(() => {});
  }
}

export type ApiFault = 'none' | 'down' | 'throttled';

/** A provider whose API can be taken down or throttled; throttling refuses a call with probability `rate`. */
export class FaultyProvider implements DnsProvider {
  readonly inner: MemoryDnsProvider;
  fault: ApiFault = 'none';
  throttleRate = 0.5;
  readonly counts = { reads: 0, writes: 0, refused: 0 };
  /** Every change of a record set's values, for counting flaps: [time, name, values]. */
  readonly changes: [number, string, string][] = [];
  /** Called after every applied batch (the deployed-topology simulation samples the answers then). */
  onApply?: () => void;

  constructor(
    readonly name: ProviderName,
    private readonly world: { t: number },
    private readonly random: () => number,
  ) {
    this.inner = new MemoryDnsProvider({ name });
  }

  get capabilities() {
    return this.inner.capabilities;
  }

  private gate(what: string) {
    if (this.fault === 'down') {
      this.counts.refused++;
      throw new ProviderError(this.name, `${what}: API unreachable (503)`, {
        retryable: true,
        code: 'ServiceUnavailable',
      });
    }
    if (this.fault === 'throttled' && this.random() < this.throttleRate) {
      this.counts.refused++;
      throw new ProviderError(this.name, `${what}: throttled (429)`, { retryable: true, code: 'Throttling' });
    }
  }

  async read(zone: ZoneSpec): Promise<RecordSet[]> {
    this.gate('read');
    this.counts.reads++;
    return this.inner.read(zone);
  }

  async apply(zone: ZoneSpec, changes: readonly Change[]): Promise<ApplyResult | undefined> {
    this.gate('apply');
    const result = await this.inner.apply(zone, changes);
    this.counts.writes++;
    for (const c of changes) {
      if (c.role === 'record' && c.kind !== 'delete' && !result?.failed.has(c.record))
        this.changes.push([this.world.t, c.next.name, c.next.values.join(',')]);
    }
    this.onApply?.();
    return result;
  }
}

/** Which origins answer, as seen from each vantage. */
export class Origins {
  private readonly down = new Set<string>();
  private readonly hidden = new Map<PlaneId, Set<string>>();
  /** Probability that one probe is lost (timeout) whatever the origin's state. */
  lossRate = 0;

  setUp(check: string, up: boolean) {
    if (up) this.down.delete(check);
    else this.down.add(check);
  }
  /** A partition: `vantage` cannot reach `check` although it is up. */
  hide(vantage: PlaneId, check: string, hidden: boolean) {
    const set = this.hidden.get(vantage) ?? new Set();
    if (hidden) set.add(check);
    else set.delete(check);
    this.hidden.set(vantage, set);
  }
  /** The ground truth, for scoring false failovers. */
  isUp(check: string) {
    return !this.down.has(check);
  }
  reachable(vantage: PlaneId, check: string) {
    return this.isUp(check) && !this.hidden.get(vantage)?.has(check);
  }
}
