/**
 * Route 53 data-plane setup, the I/O: reads the account's health checks (with their tags) and each
 * zone's sets, hands them to the pure diff (core/dataplane-diff.ts), and applies it in the only safe
 * order: health checks created and updated, then one ChangeBatch per zone, then the health checks no
 * set references any more deleted. Throttling and PriorRequestNotComplete are retried; SDK errors
 * leave as the core's typed errors.
 */
import type { Change, HealthCheck } from '@aws-sdk/client-route-53';
import type { Config, ZoneSpec } from '../../core/config/model';
import { callerReference, KEY_TAG, OWNER_TAG } from '../../core/dataplane-checks';
import { type DataPlaneDiff, diffDataPlane, type FoundZone } from '../../core/dataplane-diff';
import type { SetChange } from '../../core/dataplane-sets';
import { type Clock, type Logger, silentLogger } from '../../core/ports';
import type { PlaneId } from '../../core/types';
import { isRetryableAwsError } from '../aws-common/errors';
import { withRetry } from '../retry';
import { systemClock } from '../system/clock';
import { fromAws, toAws } from './codec';
import type { Route53SetupApi } from './dataplane-api';
import { fromFailoverSet, fromHealthCheck, toFailoverSet, toHealthCheckConfig } from './dataplane-codec';
import { translateRoute53Error } from './errors';

export interface DataPlaneSetupOptions {
  api: Route53SetupApi;
  plane: PlaneId;
  clock?: Clock;
  logger?: Logger;
  /** Longest one call keeps retrying. Default 20 s. */
  budgetMs?: number;
  random?: () => number;
}

export interface SetupResult {
  created: string[];
  updated: string[];
  deleted: string[];
  /** Record-set changes sent, per zone id. */
  sets: Record<string, number>;
}

/** Creates after a delete reuse no CallerReference: try the next of a fixed sequence a few times. */
const CREATE_ATTEMPTS = 5;

export class DataPlaneSetup {
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: DataPlaneSetupOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(fn, {
        clock: this.clock,
        deadline: this.clock.now() + (this.options.budgetMs ?? 20_000),
        classify: (error) => ({ retry: isRetryableAwsError(error) }),
        ...(this.options.random ? { random: this.options.random } : {}),
        onRetry: (error, attempt, delayMs) =>
          this.logger.warn('route53 retry', { call: what, attempt, delayMs, error: (error as Error)?.name }),
      });
    } catch (error) {
      throw translateRoute53Error(error, what);
    }
  }

  /** Reads Route 53 and diffs it against the config: nothing is written. */
  async plan(config: Config, secret: string): Promise<DataPlaneDiff> {
    const zones: FoundZone[] = [];
    for (const zone of config.providers.route53?.zones ?? []) zones.push(await this.readZone(zone));
    const checks = await this.readHealthChecks();
    return diffDataPlane({ config, secret, plane: this.options.plane, checks, zones });
  }

  private async readHealthChecks() {
    const all: HealthCheck[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call('ListHealthChecks', () =>
        this.options.api.listHealthChecks({ MaxItems: 100, ...(marker ? { Marker: marker } : {}) }),
      );
      all.push(...(page.HealthChecks ?? []));
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    const tags = new Map<string, Record<string, string>>();
    for (let i = 0; i < all.length; i += 10) {
      const ids = all.slice(i, i + 10).map((h) => h.Id ?? '');
      const out = await this.call('ListTagsForResources', () =>
        this.options.api.listTagsForResources({ ResourceType: 'healthcheck', ResourceIds: ids }),
      );
      for (const set of out.ResourceTagSets ?? [])
        tags.set(set.ResourceId ?? '', Object.fromEntries((set.Tags ?? []).map((t) => [t.Key, t.Value])));
    }
    return all.map((h) => fromHealthCheck(h, tags.get(h.Id ?? '') ?? {}));
  }

  private async readZone(zone: ZoneSpec): Promise<FoundZone> {
    const found: FoundZone = { zone, plain: [], failover: [] };
    let start: Record<string, string | undefined> = {};
    for (;;) {
      const page = await this.call(`ListResourceRecordSets ${zone.id}`, () =>
        this.options.api.listResourceRecordSets({ HostedZoneId: zone.id, MaxItems: 300, ...start }),
      );
      for (const set of page.ResourceRecordSets ?? []) {
        const failover = fromFailoverSet(set);
        if (failover) found.failover.push(failover);
        else if (!set.SetIdentifier) found.plain.push(fromAws(set));
      }
      if (!page.IsTruncated) return found;
      start = {
        StartRecordName: page.NextRecordName,
        StartRecordType: page.NextRecordType,
        ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}),
      };
    }
  }

  /** Applies a diff from `plan`, in order; a failed step stops the rest (the next run converges). */
  async apply(diff: DataPlaneDiff, owner: string): Promise<SetupResult> {
    const result: SetupResult = { created: [], updated: [], deleted: [], sets: {} };
    const ids = new Map(diff.checks.kept);
    const resolve = (keys: string[]) => keys.map((k) => ids.get(k) ?? '');
    const api = this.options.api;
    for (const w of diff.checks.writes) {
      if (w.kind === 'create') {
        const children = w.check.config.type === 'CALCULATED' ? resolve(w.check.config.children) : [];
        const id = await this.create(owner, w.check, children);
        ids.set(w.check.key, id);
        result.created.push(w.check.key);
        await this.tag(id, owner, w.check.key);
      } else if (w.kind === 'update') {
        const config = toHealthCheckConfig(
          w.check,
          w.check.config.type === 'CALCULATED' ? resolve(w.check.config.children) : [],
        );
        const { Type: _type, RequestInterval: _interval, ...settable } = config;
        await this.call('UpdateHealthCheck', () =>
          api.updateHealthCheck({ HealthCheckId: w.id, HealthCheckVersion: w.version, ...settable }),
        );
        result.updated.push(w.check.key);
      } else if (w.kind === 'tag') await this.tag(w.id, owner, w.key);
    }
    for (const { zone, changes } of diff.zones) {
      if (changes.length === 0) continue;
      const batch = changes.map((c) => this.toChange(c, zone, ids));
      await this.call(`ChangeResourceRecordSets ${zone.id}`, () =>
        api.changeResourceRecordSets({
          HostedZoneId: zone.id,
          ChangeBatch: { Comment: 'twinplane data-plane setup', Changes: batch },
        }),
      );
      result.sets[zone.id] = changes.length;
    }
    for (const d of diff.checks.deletes) {
      await this.call('DeleteHealthCheck', () => api.deleteHealthCheck({ HealthCheckId: d.id }));
      result.deleted.push(d.key ?? d.id);
    }
    return result;
  }

  private async create(owner: string, check: Parameters<typeof callerReference>[1], children: string[]) {
    const config = toHealthCheckConfig(check, children);
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.call('CreateHealthCheck', () =>
          this.options.api.createHealthCheck({
            CallerReference: callerReference(owner, check, attempt),
            HealthCheckConfig: config,
          }),
        );
        return out.HealthCheck?.Id ?? '';
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== 'HealthCheckAlreadyExists' || attempt + 1 >= CREATE_ATTEMPTS) throw error;
      }
    }
  }

  private tag(id: string, owner: string, key: string) {
    return this.call('ChangeTagsForResource', () =>
      this.options.api.changeTagsForResource({
        ResourceType: 'healthcheck',
        ResourceId: id,
        AddTags: [
          { Key: OWNER_TAG, Value: owner },
          { Key: KEY_TAG, Value: key },
          { Key: 'Name', Value: `twinplane ${key}`.slice(0, 255) },
        ],
      }),
    );
  }

  private toChange(c: SetChange, zone: ZoneSpec, ids: ReadonlyMap<string, string>): Change {
    switch (c.kind) {
      case 'upsert':
        return {
          Action: 'UPSERT',
          ResourceRecordSet: toFailoverSet(
            c.set,
            zone.id,
            c.set.healthCheck ? ids.get(c.set.healthCheck) : undefined,
          ),
        };
      case 'delete':
        return { Action: 'DELETE', ResourceRecordSet: toFailoverSet(c.set, zone.id, c.set.healthCheckId) };
      case 'create-plain':
        return { Action: 'CREATE', ResourceRecordSet: toAws(c.set) };
      case 'delete-plain':
        return { Action: 'DELETE', ResourceRecordSet: toAws(c.set) };
    }
  }
}
