/**
 * An in-memory DnsProvider holding real provider semantics: each record's changes in an apply land
 * together or not at all, and a record that fails costs the other records of the apply nothing, as
 * with the real adapters. Two flavours of write: Route 53's (a create of an existing set fails, an
 * update or delete must name the exact current set, so marker updates are compare-and-set) and, for
 * the provider named cloudflare, Cloudflare's id-based one (record-ids.ts). The fake for tests and the
 * simulator, and the zone of the local plane's embedded DNS server.
 */
import type { ZoneSpec } from '../../core/config/model';
import { ConflictError, ProviderError } from '../../core/errors';
import { sameRecordSet } from '../../core/plan';
import type { ApplyResult, DnsProvider, ProviderCapabilities } from '../../core/ports';
import type { Change, ProviderName, RecordSet } from '../../core/types';
import { RecordIds } from './record-ids';

export interface MemoryDnsOptions {
  name: ProviderName;
  zones?: Record<string, RecordSet[]>;
  capabilities?: Partial<ProviderCapabilities>;
  /** Called after every successful apply with the zone's new content (e.g. to persist it). */
  onChange?: (zoneId: string, sets: readonly RecordSet[]) => void;
  /** How writes are checked. Default: `ids` for the provider named cloudflare, else `values`. */
  semantics?: 'values' | 'ids';
}

const key = (s: RecordSet) => `${s.name}/${s.type}`;
const copy = (s: RecordSet): RecordSet => ({ ...s, values: [...s.values] });
/** A set as this provider stores it once written: frozen, values too, so a read can hand it out as is. */
const stored = (s: RecordSet): RecordSet => {
  Object.freeze(s.values);
  return Object.freeze(s);
};

/** Where each set of a zone's array sits, for applying changes in place. */
interface Slots {
  sets: RecordSet[];
  at: Map<string, number>;
}

export class MemoryDnsProvider implements DnsProvider {
  readonly name: ProviderName;
  readonly capabilities: ProviderCapabilities;
  /** Each zone's record sets; replacing a zone's array (as tests do) is seen by the next call. */
  readonly zones = new Map<string, RecordSet[]>();
  private readonly slots = new Map<string, Slots>();
  /** `batches`: the provider calls the applies would make, at `maxBatch` changes each. */
  readonly calls = { read: 0, apply: 0, batches: 0 };
  /** Faults to inject: each entry is thrown by the next call of that kind. */
  readonly faults: { read: Error[]; apply: Error[] } = { read: [], apply: [] };
  private readonly onChange: MemoryDnsOptions['onChange'];
  /** Cloudflare's record ids, when this provider has its semantics. */
  private readonly ids: RecordIds | undefined;

  constructor(options: MemoryDnsOptions) {
    this.name = options.name;
    this.capabilities = {
      types: ['A', 'AAAA', 'CNAME', 'TXT'],
      proxied: options.name === 'cloudflare',
      minTtl: 1,
      maxBatch: 1_000,
      ...options.capabilities,
    };
    for (const [id, sets] of Object.entries(options.zones ?? {})) this.zones.set(id, structuredClone(sets));
    this.onChange = options.onChange;
    const semantics = options.semantics ?? (options.name === 'cloudflare' ? 'ids' : 'values');
    this.ids = semantics === 'ids' ? new RecordIds(options.name) : undefined;
  }

  /** The zone's record sets (a copy). */
  records(zoneId: string): RecordSet[] {
    return (this.zones.get(zoneId) ?? []).map(copy);
  }

  find(zoneId: string, name: string, type: string): RecordSet | undefined {
    const { sets, at } = this.slotsOf(zoneId);
    const i = at.get(`${name}/${type}`);
    return i === undefined ? undefined : copy(sets[i]!);
  }

  /** The zone's array and each set's place in it, rebuilt only when the array was replaced. */
  private slotsOf(zoneId: string): Slots {
    let sets = this.zones.get(zoneId);
    if (!sets) {
      sets = [];
      this.zones.set(zoneId, sets);
    }
    const known = this.slots.get(zoneId);
    if (known && known.sets === sets && known.at.size === sets.length) return known;
    const slots = { sets, at: new Map(sets.map((s, i) => [key(s), i])) };
    this.slots.set(zoneId, slots);
    return slots;
  }

  /**
   * The zone's record sets as a new array of the stored sets themselves: a set this provider wrote is
   * frozen and never changed in place (a write stores a new one), so a read copies no set, as the core
   * never changes what it reads. Sets placed from outside (`zones`) are handed out as they are.
   */
  async read(zone: ZoneSpec): Promise<RecordSet[]> {
    this.calls.read++;
    const fault = this.faults.read.shift();
    if (fault) throw fault;
    const { sets } = this.slotsOf(zone.id);
    this.ids?.remember(zone.id, sets);
    return sets.slice();
  }

  async apply(zone: ZoneSpec, changes: readonly Change[]): Promise<ApplyResult | undefined> {
    this.calls.apply++;
    const fault = this.faults.apply.shift();
    if (fault) throw fault;
    const byRecord = new Map<string, Change[]>();
    for (const change of changes) {
      const list = byRecord.get(change.record);
      if (list) list.push(change);
      else byRecord.set(change.record, [change]);
    }
    this.calls.batches += Math.ceil(changes.length / this.capabilities.maxBatch);
    const slots = this.slotsOf(zone.id);
    const failed = new Map<string, Error>();
    for (const [record, list] of byRecord) {
      try {
        this.applyRecord(zone.id, slots, list);
      } catch (error) {
        failed.set(record, error as Error);
      }
    }
    if (failed.size > 0 && failed.size === byRecord.size) throw failed.values().next().value;
    if (failed.size < byRecord.size) this.onChange?.(zone.id, this.records(zone.id));
    return failed.size > 0 ? { failed } : undefined;
  }

  /** One record's changes, checked against the zone as it is before any lands: all land or none. */
  private applyRecord(zoneId: string, slots: Slots, changes: readonly Change[]) {
    if (changes.length > this.capabilities.maxBatch) {
      throw new ProviderError(this.name, `batch of ${changes.length} exceeds ${this.capabilities.maxBatch}`, {
        retryable: false,
      });
    }
    const held = (k: string) => {
      const i = slots.at.get(k);
      return i === undefined ? undefined : slots.sets[i];
    };
    if (this.ids) {
      // The sets come back new, carrying their record ids: stored as they are (frozen), not copied.
      for (const [k, set] of this.ids.apply(zoneId, changes, held)) this.put(slots, k, set && stored(set));
      return;
    }
    const pending = new Map<string, RecordSet | undefined>();
    const now = (k: string) => (pending.has(k) ? pending.get(k) : held(k));
    for (const change of changes) {
      if (change.kind === 'create') {
        const k = key(change.next);
        if (now(k)) throw new ConflictError(k, 'it already exists');
        pending.set(k, change.next);
        continue;
      }
      const k = key(change.prev);
      const existing = now(k);
      if (!existing || !sameRecordSet(existing, change.prev)) {
        throw new ConflictError(k, 'it no longer holds the value this change was planned against');
      }
      pending.set(k, undefined);
      if (change.kind === 'update') pending.set(key(change.next), change.next);
    }
    for (const [k, set] of pending) this.put(slots, k, set && stored(copy(set)));
  }

  /** Sets (or with `set` undefined removes) one record set in place; a removal moves the last set into its slot. */
  private put(slots: Slots, k: string, set: RecordSet | undefined) {
    const i = slots.at.get(k);
    if (set) {
      if (i === undefined) {
        slots.at.set(k, slots.sets.length);
        slots.sets.push(set);
      } else slots.sets[i] = set;
      return;
    }
    if (i === undefined) return;
    const last = slots.sets.pop()!;
    slots.at.delete(k);
    if (i < slots.sets.length) {
      slots.sets[i] = last;
      slots.at.set(key(last), i);
    }
  }
}
