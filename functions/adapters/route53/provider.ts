/**
 * The Route 53 DnsProvider: reads a hosted zone in one paginated pass and applies a record's plan as one
 * atomic ChangeBatch whose marker change is a compare-and-set (see batch.ts). Throttling and
 * PriorRequestNotComplete are retried with jittered backoff until the deadline; SDK errors leave here
 * as the core's typed errors.
 */
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { ZoneSpec } from '../../core/config/model';
import type { Clock, DnsProvider, Logger, ProviderCapabilities } from '../../core/ports';
import { silentLogger } from '../../core/ports';
import type { Change, RecordSet } from '../../core/types';
import { isRetryableAwsError } from '../aws-common/errors';
import { systemClock } from '../system/clock';
import type { Route53Api } from './api';
import { splitBatches, toChangeGroups } from './batch';
import { fromAws } from './codec';
import { translateRoute53Error } from './errors';
import { type BackoffOptions, withRetry } from './retry';

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
      isRetryable: isRetryableAwsError,
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

  async apply(zone: ZoneSpec, changes: readonly Change[]): Promise<void> {
    const { batches, split } = splitBatches(toChangeGroups(changes));
    if (split) this.logger.warn('route53 change batch split', { zone: zone.id, reason: split });
    const guarded = new Set(
      changes
        .filter((c) => c.role === 'marker' || c.kind === 'create')
        .map((c) => (c.kind === 'delete' ? c.prev : c.next).name),
    );
    let changeId: string | undefined;
    for (const batch of batches) {
      try {
        const out = await this.retrying('ChangeResourceRecordSets', () =>
          this.options.api.changeResourceRecordSets({
            HostedZoneId: zone.id,
            ChangeBatch: { Comment: `twinplane ${changes[0]?.record ?? ''}`.trim(), Changes: batch },
          }),
        );
        changeId = out.ChangeInfo?.Id ?? changeId;
      } catch (error) {
        throw translateRoute53Error(error, `changing hosted zone ${zone.id}`, guarded);
      }
    }
    if (changeId && this.options.waitForSync) await this.waitForSync(changeId, this.options.waitForSync);
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
