/**
 * The Cloudflare DnsProvider: reads a zone's records (paginated) into record sets and applies changes
 * through the atomic batch endpoint, addressing the record ids of the last read (see batch.ts for the
 * compare-and-set this gives). Runtime-neutral: used by the Worker and by the Lambda and local planes.
 */
import type { ZoneSpec } from '../../core/config/model';
import { ProviderError, TwinplaneError } from '../../core/errors';
import type { Clock, DnsProvider, ProviderCapabilities } from '../../core/ports';
import type { Change, RecordSet } from '../../core/types';
import { systemClock } from '../system/clock';
import { type BatchBody, operationCount, type RecordBody, toBatch } from './batch';
import { createDnsClient, type DnsClient, type DnsClientOptions } from './client';
import { CODES, errorCodes, translate } from './errors';
import { indexRecords, type ListedRecord, setKey, valueOfRecord, type ZoneIndex } from './records';
import { withRetry } from './retry';

export interface CloudflareProviderOptions extends DnsClientOptions {
  /** An SDK client to use instead of building one from the options above. */
  client?: DnsClient;
  clock?: Clock;
  /** Wall-clock budget of one read or apply, retries and waits included. Default 20 s. */
  budgetMs?: number;
  /** Records per page when reading a zone. Default 5000. */
  perPage?: number;
  /** Comment written on records twinplane creates, for people reading the dashboard. */
  comment?: string;
}

/** The Free plan's limit of records per batch request (higher plans allow 3,500). */
const MAX_BATCH = 200;
const MAX_PAGES = 1_000;

export class CloudflareDnsProvider implements DnsProvider {
  readonly name = 'cloudflare' as const;
  readonly capabilities: ProviderCapabilities = {
    types: ['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'SRV', 'CAA', 'NS', 'PTR'],
    proxied: true,
    minTtl: 60,
    maxBatch: MAX_BATCH,
  };
  private readonly client: DnsClient;
  private readonly clock: Clock;
  private readonly budgetMs: number;
  private readonly perPage: number;
  private readonly comment: string | undefined;
  /** The zone as last read, by zone id: the record ids an apply addresses. */
  private readonly indexes = new Map<string, ZoneIndex>();

  constructor(options: CloudflareProviderOptions) {
    this.client = options.client ?? createDnsClient(options);
    this.clock = options.clock ?? systemClock;
    this.budgetMs = options.budgetMs ?? 20_000;
    this.perPage = options.perPage ?? 5_000;
    this.comment = options.comment ?? 'managed by twinplane';
  }

  async read(zone: ZoneSpec): Promise<RecordSet[]> {
    const index = await this.fetchZone(zone, this.clock.now() + this.budgetMs);
    this.indexes.set(zone.id, index);
    return structuredClone(index.sets);
  }

  async apply(zone: ZoneSpec, changes: readonly Change[]): Promise<void> {
    if (changes.length === 0) return;
    const deadline = this.clock.now() + this.budgetMs;
    const index = this.indexes.get(zone.id) ?? (await this.fetchZone(zone, deadline));
    const batch = toBatch(changes, index, this.comment);
    const what = `applying ${changes.length} change(s) to zone ${zone.id}`;
    if (operationCount(batch) > MAX_BATCH) {
      throw new ProviderError(
        'cloudflare',
        `${what}: ${operationCount(batch)} operations exceed ${MAX_BATCH}`,
        {
          retryable: false,
        },
      );
    }
    // Whatever happens next, the ids read before this write are no longer a safe basis for another.
    this.indexes.delete(zone.id);
    try {
      await this.send(zone, batch, deadline, what);
    } catch (error) {
      if (error instanceof TwinplaneError || !errorCodes(error).includes(CODES.identical))
        throw rethrow(error, what);
      await this.withoutIdentical(zone, batch, deadline, what, error);
    }
  }

  /**
   * 81058: a record we post already exists exactly as we would write it, so another writer did part of
   * our work. Drop those posts and send the rest once more; when nothing is left the apply is a no-op.
   */
  private async withoutIdentical(
    zone: ZoneSpec,
    batch: BatchBody,
    deadline: number,
    what: string,
    cause: unknown,
  ) {
    const fresh = await this.fetchZone(zone, deadline);
    const posts = batch.posts.filter((post) => !isHeld(fresh, post));
    if (posts.length === batch.posts.length) throw translate(cause, what);
    const rest = { ...batch, posts };
    if (operationCount(rest) === 0) return;
    try {
      await this.send(zone, rest, deadline, what);
    } catch (error) {
      throw rethrow(error, what);
    }
  }

  private send(zone: ZoneSpec, batch: BatchBody, deadline: number, what: string) {
    return withRetry(
      () =>
        this.client.dns.records.batch({
          zone_id: zone.id,
          ...(batch.deletes.length ? { deletes: batch.deletes } : {}),
          ...(batch.patches.length ? { patches: batch.patches as never } : {}),
          ...(batch.posts.length ? { posts: batch.posts as never } : {}),
        }),
      { clock: this.clock, deadline, transient: false, what },
    );
  }

  private async fetchZone(zone: ZoneSpec, deadline: number): Promise<ZoneIndex> {
    const what = `reading zone ${zone.id}`;
    const records: ListedRecord[] = [];
    try {
      for (let page = 1; page <= MAX_PAGES; page++) {
        const response = await withRetry(
          () => this.client.dns.records.list({ zone_id: zone.id, page, per_page: this.perPage }),
          { clock: this.clock, deadline, transient: true, what },
        );
        records.push(...(response.result as ListedRecord[]));
        const totalPages = (response.result_info as { total_pages?: number }).total_pages;
        if (response.result.length < this.perPage || (totalPages !== undefined && page >= totalPages)) break;
      }
    } catch (error) {
      throw rethrow(error, what);
    }
    return indexRecords(records);
  }
}

const rethrow = (error: unknown, what: string) =>
  error instanceof TwinplaneError ? error : translate(error, what);

function isHeld(index: ZoneIndex, post: RecordBody): boolean {
  const value = valueOfRecord(post);
  return (index.entries.get(setKey(post.name, post.type)) ?? []).some(
    (e) => e.value === value && e.ttl === post.ttl && e.proxied === (post.proxied ?? false),
  );
}

export function createCloudflareProvider(options: CloudflareProviderOptions): CloudflareDnsProvider {
  return new CloudflareDnsProvider(options);
}
