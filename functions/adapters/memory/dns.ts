/**
 * An in-memory DnsProvider holding real provider semantics: an apply is atomic (all or nothing), a
 * create of an existing set fails, and an update or delete must name the exact current set (so marker
 * updates are compare-and-set, as on Route 53). The fake for tests and the simulator, and the zone of the
 * local plane's embedded DNS server.
 */
import type { ZoneSpec } from '../../core/config/model';
import { ConflictError, ProviderError } from '../../core/errors';
import { applyChanges, sameRecordSet } from '../../core/plan';
import type { DnsProvider, ProviderCapabilities } from '../../core/ports';
import type { Change, ProviderName, RecordSet } from '../../core/types';

export interface MemoryDnsOptions {
  name: ProviderName;
  zones?: Record<string, RecordSet[]>;
  capabilities?: Partial<ProviderCapabilities>;
  /** Called after every successful apply with the zone's new content (e.g. to persist it). */
  onChange?: (zoneId: string, sets: readonly RecordSet[]) => void;
}

const key = (s: RecordSet) => `${s.name}/${s.type}`;

export class MemoryDnsProvider implements DnsProvider {
  readonly name: ProviderName;
  readonly capabilities: ProviderCapabilities;
  readonly zones = new Map<string, RecordSet[]>();
  readonly calls = { read: 0, apply: 0 };
  /** Faults to inject: each entry is thrown by the next call of that kind. */
  readonly faults: { read: Error[]; apply: Error[] } = { read: [], apply: [] };
  private readonly onChange: MemoryDnsOptions['onChange'];

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
  }

  /** The zone's record sets (a copy). */
  records(zoneId: string): RecordSet[] {
    return structuredClone(this.zones.get(zoneId) ?? []);
  }

  find(zoneId: string, name: string, type: string): RecordSet | undefined {
    return this.records(zoneId).find((s) => s.name === name && s.type === type);
  }

  async read(zone: ZoneSpec): Promise<RecordSet[]> {
    this.calls.read++;
    const fault = this.faults.read.shift();
    if (fault) throw fault;
    return this.records(zone.id);
  }

  async apply(zone: ZoneSpec, changes: readonly Change[]): Promise<void> {
    this.calls.apply++;
    const fault = this.faults.apply.shift();
    if (fault) throw fault;
    if (changes.length > this.capabilities.maxBatch) {
      throw new ProviderError(this.name, `batch of ${changes.length} exceeds ${this.capabilities.maxBatch}`, {
        retryable: false,
      });
    }
    const current = new Map((this.zones.get(zone.id) ?? []).map((s) => [key(s), s]));
    for (const change of changes) {
      if (change.kind === 'create') {
        if (current.has(key(change.next))) {
          throw new ConflictError(key(change.next), 'it already exists');
        }
      } else {
        const existing = current.get(key(change.prev));
        if (!existing || !sameRecordSet(existing, change.prev)) {
          throw new ConflictError(
            key(change.prev),
            'it no longer holds the value this change was planned against',
          );
        }
      }
    }
    const next = applyChanges([...current.values()], changes);
    this.zones.set(zone.id, next);
    this.onChange?.(zone.id, structuredClone(next));
  }
}
