/**
 * The Cloudflare DnsProvider: reads a zone's records (paginated) into record sets and applies changes
 * through the atomic batch endpoint, addressing the record ids of the last read (see batch.ts for the
 * compare-and-set this gives). The changes of many records go in as few batches as the plan's limit
 * allows, each record's operations in one batch; the ids each batch answers with are folded into the
 * index, so the next apply needs no new listing. A batch refused because one record moved under it is
 * sent again without that record. Runtime-neutral: used by the Worker and by the Lambda and local planes.
 */
import type { ZoneSpec } from '../../core/config/model';
import { ConflictError, ProviderError, TwinplaneError } from '../../core/errors';
import type { ApplyResult, Clock, DnsProvider, ProviderCapabilities } from '../../core/ports';
import type { Change, RecordSet } from '../../core/types';
import { type RetryOptions, withRetry } from '../retry';
import { systemClock } from '../system/clock';
import { type BatchBody, landed, operationCount, type RecordBody, toBatch } from './batch';
import { createDnsClient, type DnsClient, type DnsClientOptions } from './client';
import {
  CODES,
  errorCodes,
  isConnectionFailure,
  isRateLimited,
  isTransient,
  retryAfterMs,
  translate,
} from './errors';
import {
  absorbBatch,
  type BatchResult,
  indexRecords,
  type ListedRecord,
  setKey,
  valueOfRecord,
  type ZoneIndex,
} from './records';

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
  /** [0, 1) for the backoff jitter; injectable so tests can pin it. */
  random?: () => number;
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
  private readonly random: (() => number) | undefined;
  /** The zone as last read, by zone id: the record ids an apply addresses. */
  private readonly indexes = new Map<string, ZoneIndex>();

  constructor(options: CloudflareProviderOptions) {
    this.client = options.client ?? createDnsClient(options);
    this.clock = options.clock ?? systemClock;
    this.budgetMs = options.budgetMs ?? 20_000;
    this.perPage = options.perPage ?? 5_000;
    this.comment = options.comment ?? 'managed by twinplane';
    this.random = options.random;
  }

  async read(zone: ZoneSpec): Promise<RecordSet[]> {
    const index = await this.fetchZone(zone, this.clock.now() + this.budgetMs);
    this.indexes.set(zone.id, index);
    return structuredClone([...index.sets.values()]);
  }

  async apply(zone: ZoneSpec, changes: readonly Change[]): Promise<ApplyResult | undefined> {
    if (changes.length === 0) return undefined;
    const deadline = this.clock.now() + this.budgetMs;
    const byRecord = new Map<string, Change[]>();
    for (const change of changes) {
      const list = byRecord.get(change.record);
      if (list) list.push(change);
      else byRecord.set(change.record, [change]);
    }
    const failed = new Map<string, Error>();
    const queue: Part[][] = [[...byRecord].map(([record, list]) => ({ record, changes: list }))];
    // A batch is retried without its moved records once; what moves again waits for the next tick.
    const retried = new Set<string>();
    // Records whose batch got no answer (the connection failed): checked once against a fresh listing.
    const unanswered = new Set<string>();
    while (queue.length > 0) {
      const parts = queue.shift()!;
      let index: ZoneIndex;
      try {
        index = this.indexes.get(zone.id) ?? (await this.fetchZone(zone, deadline));
      } catch (error) {
        for (const p of parts) failed.set(p.record, error as Error);
        continue;
      }
      this.indexes.set(zone.id, index);
      // A batch that may have been applied: what the fresh listing already holds as planned is done.
      const due =
        unanswered.size > 0
          ? parts.filter((p) => !(unanswered.has(p.record) && landed(p.changes, index)))
          : parts;
      const built = this.build(due, index, failed);
      if (built.length === 0) continue;
      const [first, ...rest] = pack(built);
      if (rest.length > 0) queue.unshift(...rest.map((b) => b.map((x) => x.part)));
      const batch = merge(first!.map((x) => x.body));
      const what = `applying ${first!.length === 1 ? `${first![0]!.part.changes.length} change(s)` : `the changes of ${first!.length} records`} to zone ${zone.id}`;
      const mine = first!.map((x) => x.part);
      try {
        const result = await this.sendOrSkipIdentical(zone, batch, deadline, what);
        if (!result || !absorbBatch(index, result, operationCount(batch))) this.indexes.delete(zone.id);
      } catch (error) {
        // Whatever happened, the ids read before this write are no longer a safe basis for another.
        this.indexes.delete(zone.id);
        if (error instanceof ConflictError && mine.length > 1 && !mine.some((p) => retried.has(p.record))) {
          // Rebuilt against a fresh listing, the records that moved are refused and the rest resent.
          for (const p of mine) retried.add(p.record);
          queue.unshift(mine);
          continue;
        }
        if (isConnectionFailure(error) && !mine.some((p) => unanswered.has(p.record))) {
          // No answer: the batch may or may not have been applied (a pooled connection the server had
          // closed, a timeout). Checked once against a fresh listing: what landed is done, the rest resent.
          for (const p of mine) unanswered.add(p.record);
          queue.unshift(mine);
          continue;
        }
        for (const p of mine) failed.set(p.record, error as Error);
      }
    }
    if (failed.size > 0 && failed.size === byRecord.size) throw failed.values().next().value;
    return failed.size > 0 ? { failed } : undefined;
  }

  /** Each record's operations against `index`; a record that no longer matches it, or fits no batch, fails. */
  private build(parts: readonly Part[], index: ZoneIndex, failed: Map<string, Error>): Built[] {
    const out: Built[] = [];
    for (const part of parts) {
      try {
        const body = toBatch(part.changes, index, this.comment);
        if (operationCount(body) > MAX_BATCH) {
          throw new ProviderError(
            'cloudflare',
            `${part.record}: ${operationCount(body)} operations exceed ${MAX_BATCH} per batch`,
            { retryable: false },
          );
        }
        if (operationCount(body) > 0) out.push({ part, body });
      } catch (error) {
        failed.set(part.record, error as Error);
      }
    }
    return out;
  }

  /** Sends a batch; an 81058 (identical record exists) is taken as another writer's work (see below). */
  private async sendOrSkipIdentical(
    zone: ZoneSpec,
    batch: BatchBody,
    deadline: number,
    what: string,
  ): Promise<BatchResult | undefined> {
    try {
      return (await this.send(zone, batch, deadline, what)) as BatchResult;
    } catch (error) {
      if (error instanceof TwinplaneError || !errorCodes(error).includes(CODES.identical))
        throw rethrow(error, what);
      await this.withoutIdentical(zone, batch, deadline, what, error);
      return undefined;
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
      this.retryOptions(deadline, false, what),
    );
  }

  /**
   * A 429 is always safe to repeat (nothing was done) and its Retry-After is honoured when the wait fits
   * the budget; Cloudflare blocks a throttled token for minutes, so a long wait gives up at once and the
   * next tick tries again. 5xx and network failures are repeated only for reads (`transient`): a batch
   * that failed that way may have been applied.
   */
  private retryOptions(deadline: number, transient: boolean, what: string): RetryOptions {
    return {
      clock: this.clock,
      deadline,
      baseMs: 250,
      capMs: 4_000,
      ...(this.random ? { random: this.random } : {}),
      classify: (error) => {
        if (isRateLimited(error)) return { retry: true, ...optional(retryAfterMs(error, this.clock.now())) };
        return { retry: transient && isTransient(error) };
      },
      giveUp: (error, attempts, wait) =>
        translate(
          error,
          `${what} (${
            isRateLimited(error)
              ? `rate limited; Cloudflare asks to wait ${Math.ceil(wait / 1000)} s, beyond this call's budget`
              : `still failing after ${attempts} attempts`
          })`,
        ),
    };
  }

  private async fetchZone(zone: ZoneSpec, deadline: number): Promise<ZoneIndex> {
    const what = `reading zone ${zone.id}`;
    const records: ListedRecord[] = [];
    try {
      for (let page = 1; page <= MAX_PAGES; page++) {
        const response = await withRetry(
          () => this.client.dns.records.list({ zone_id: zone.id, page, per_page: this.perPage }),
          this.retryOptions(deadline, true, what),
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

interface Part {
  record: string;
  changes: Change[];
}

interface Built {
  part: Part;
  body: BatchBody;
}

/** Records into batches of at most MAX_BATCH operations, in order, each record whole in one batch. */
function pack(built: readonly Built[]): Built[][] {
  const out: Built[][] = [];
  let current: Built[] = [];
  let load = 0;
  for (const b of built) {
    const n = operationCount(b.body);
    if (current.length > 0 && load + n > MAX_BATCH) {
      out.push(current);
      current = [];
      load = 0;
    }
    current.push(b);
    load += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}

const merge = (bodies: readonly BatchBody[]): BatchBody => ({
  deletes: bodies.flatMap((b) => b.deletes),
  patches: bodies.flatMap((b) => b.patches),
  posts: bodies.flatMap((b) => b.posts),
});

const optional = (waitMs: number | undefined) => (waitMs === undefined ? {} : { waitMs });

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
