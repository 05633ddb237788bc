/**
 * The Route 53 DnsProvider: reads a hosted zone in one paginated pass and applies the plans of many
 * records in as few ChangeBatches as the AWS limits allow, each record's set and its marker (a
 * compare-and-set, see batch.ts) in the same batch. A batch Route 53 refuses for some of its records
 * is sent again without them, so a lost race on one record costs the others nothing. Throttling and
 * PriorRequestNotComplete are retried with jittered backoff until the deadline; SDK errors leave here
 * as the core's typed errors.
 */
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { ZoneSpec } from '../../core/config/model';
import { ConflictError } from '../../core/errors';
import type { ApplyResult, Clock, DnsProvider, Logger, ProviderCapabilities } from '../../core/ports';
import { silentLogger } from '../../core/ports';
import type { Change, RecordSet } from '../../core/types';
import { isRetryableAwsError } from '../aws-common/errors';
import { type BackoffOptions, withRetry } from '../retry';
import { systemClock } from '../system/clock';
import type { Route53Api } from './api';
import { type Batch, type ChangeGroup, changesOf, packBatches, toChangeGroup } from './batch';
import { fromAws } from './codec';
import { translateRoute53Error } from './errors';
import { lostRaces } from './races';

export interface Route53DnsOptions {
  api: Route53Api;
  clock?: Clock;
  logger?: Logger;
  /** Absolute deadline (ms since epoch) of the current invocation, e.g. from the Lambda context. */
  deadline?: () => number | undefined;
  retry?: BackoffOptions & {
    /** Longest a single call keeps retrying when no deadline is given. Default 20 s. */
    budgetMs?: number;
  };
  /** Wait (bounded) for each applied change to be INSYNC on every Route 53 name server. Default off. */
  waitForSync?: { timeoutMs: number; intervalMs?: number };
  random?: () => number;
  /** ListResourceRecordSets page size (at most 300). */
  pageSize?: number;
}

export class Route53DnsProvider implements DnsProvider {
  readonly name = 'route53' as const;
  readonly capabilities: ProviderCapabilities = {
    types: ['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'SRV', 'CAA', 'NS', 'PTR'],
    proxied: false,
    alias: true,
    minTtl: 0,
    maxBatch: 1_000,
  };
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: Route53DnsOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  private retrying<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const budget = this.clock.now() + (this.options.retry?.budgetMs ?? 20_000);
    const deadline = Math.min(budget, this.options.deadline?.() ?? budget);
    return withRetry(fn, {
      ...this.options.retry,
      clock: this.clock,
      deadline,
      classify: (error) => ({ retry: isRetryableAwsError(error) }),
      ...(this.options.random ? { random: this.options.random } : {}),
      onRetry: (error, attempt, delayMs) =>
        this.logger.warn('route53 retry', {
          call: what,
          attempt,
          delayMs,
          error: (error as Error)?.name ?? String(error),
        }),
    });
  }

  async read(zone: ZoneSpec): Promise<RecordSet[]> {
    const sets: ResourceRecordSet[] = [];
    let start: { StartRecordName?: string; StartRecordType?: string; StartRecordIdentifier?: string } = {};
    try {
      for (;;) {
        const page = await this.retrying('ListResourceRecordSets', () =>
          this.options.api.listResourceRecordSets({
            HostedZoneId: zone.id,
            MaxItems: this.options.pageSize ?? 300,
            ...(start as object),
          }),
        );
        sets.push(...(page.ResourceRecordSets ?? []));
        if (!page.IsTruncated) break;
        start = {
          StartRecordName: page.NextRecordName,
          StartRecordType: page.NextRecordType,
          ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}),
        };
      }
    } catch (error) {
      throw translateRoute53Error(error, `reading hosted zone ${zone.id}`);
    }
    return sets.map(fromAws);
  }

  async apply(zone: ZoneSpec, changes: readonly Change[]): Promise<ApplyResult | undefined> {
    const failed = new Map<string, Error>();
    const groups: ChangeGroup[] = [];
    for (const change of changes) {
      try {
        groups.push(toChangeGroup(change));
      } catch (error) {
        failed.set(change.record, error as Error);
      }
    }
    const packed = packBatches(groups.filter((g) => !failed.has(g.record)));
    for (const [record, error] of packed.refused) failed.set(record, error);
    if (packed.split.length > 0)
      this.logger.warn('route53 change batch split', { zone: zone.id, records: packed.split });
    const queue = [...packed.batches];
    let changeId: string | undefined;
    // The zone as it is after the first refusal, read once: which records lost a race (races.ts).
    let races: Map<string, string> | Error | undefined;
    while (queue.length > 0) {
      const batch = queue.shift()!;
      // A record split across batches whose earlier batch failed sends nothing more.
      const parts = batch.parts.filter((p) => !failed.has(p.record));
      if (parts.length === 0) continue;
      try {
        changeId = (await this.send(zone, { parts })) ?? changeId;
      } catch (error) {
        const refused = translateRoute53Error(error, `changing hosted zone ${zone.id}`);
        if ((error as Error)?.name !== 'InvalidChangeBatch') {
          // Not about the batch's content (throttling past the deadline, access, the network).
          for (const p of parts) failed.set(p.record, refused);
          continue;
        }
        races ??= await this.read(zone).then(
          (actual) => lostRaces(changes, actual),
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
        if (races instanceof Error) {
          for (const p of parts) failed.set(p.record, refused);
          continue;
        }
        const lost = parts.filter((p) => races instanceof Map && races.has(p.record));
        for (const p of lost) {
          const name = races.get(p.record)!;
          failed.set(
            p.record,
            new ConflictError(name, `Route 53 refused the change batch: ${refused.message}`, {
              cause: error,
            }),
          );
        }
        const rest = parts.filter((p) => !lost.includes(p));
        if (lost.length > 0) {
          if (rest.length > 0) queue.unshift({ parts: rest });
        } else if (rest.length === 1) {
          failed.set(rest[0]!.record, refused);
        } else {
          // Refused for its content, not a race: halve until the refused record stands alone.
          const half = Math.ceil(rest.length / 2);
          queue.unshift({ parts: rest.slice(0, half) }, { parts: rest.slice(half) });
        }
      }
    }
    if (changeId && this.options.waitForSync) await this.waitForSync(changeId, this.options.waitForSync);
    const records = new Set(changes.map((c) => c.record));
    if (records.size > 0 && failed.size === records.size) throw failed.values().next().value;
    return failed.size > 0 ? { failed } : undefined;
  }

  private async send(zone: ZoneSpec, batch: Batch): Promise<string | undefined> {
    const records = batch.parts.map((p) => p.record);
    const comment = records.length === 1 ? `twinplane ${records[0]}` : `twinplane ${records.length} records`;
    const out = await this.retrying('ChangeResourceRecordSets', () =>
      this.options.api.changeResourceRecordSets({
        HostedZoneId: zone.id,
        ChangeBatch: { Comment: comment.slice(0, 256), Changes: changesOf(batch) },
      }),
    );
    return out.ChangeInfo?.Id;
  }

  /** Polls GetChange until INSYNC or the bound; the change is accepted either way, so this never throws. */
  private async waitForSync(id: string, wait: { timeoutMs: number; intervalMs?: number }): Promise<void> {
    const until = Math.min(
      this.clock.now() + wait.timeoutMs,
      this.options.deadline?.() ?? Number.POSITIVE_INFINITY,
    );
    for (;;) {
      try {
        const out = await this.retrying('GetChange', () => this.options.api.getChange({ Id: id }));
        if (out.ChangeInfo?.Status === 'INSYNC') return;
      } catch (error) {
        this.logger.warn('route53 change status unknown', { change: id, error: (error as Error)?.message });
        return;
      }
      const interval = wait.intervalMs ?? 5_000;
      if (this.clock.now() + interval > until) {
        this.logger.warn('route53 change not INSYNC within the bound', {
          change: id,
          timeoutMs: wait.timeoutMs,
        });
        return;
      }
      await this.clock.sleep(interval);
    }
  }
}
