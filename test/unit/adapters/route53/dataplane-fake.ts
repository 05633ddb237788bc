/**
 * A stateful Route 53 on aws-sdk-client-mock for data-plane setup tests: health checks with tags and
 * CallerReference semantics, and a zone's record sets changed by ChangeBatch (CREATE of an existing set
 * and DELETE of a missing one refused, as Route 53 does).
 */
import {
  ChangeResourceRecordSetsCommand,
  ChangeTagsForResourceCommand,
  CreateHealthCheckCommand,
  DeleteHealthCheckCommand,
  type HealthCheck,
  HealthCheckAlreadyExists,
  HealthCheckInUse,
  InvalidChangeBatch,
  ListHealthChecksCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  type ResourceRecordSet,
  type Route53ClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  UpdateHealthCheckCommand,
} from '@aws-sdk/client-route-53';
import type { AwsStub } from 'aws-sdk-client-mock';

const meta = { $metadata: { httpStatusCode: 400 } };
const canon = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x)
            .filter(([, y]) => y !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : x,
  );
const setKey = (s: ResourceRecordSet) => `${s.Name}|${s.Type}|${s.SetIdentifier ?? ''}`;

export class FakeRoute53 {
  checks = new Map<string, HealthCheck>();
  tags = new Map<string, Record<string, string>>();
  usedReferences = new Set<string>();
  sets = new Map<string, ResourceRecordSet>();
  private next = 1;

  constructor(readonly stub: AwsStub<ServiceInputTypes, ServiceOutputTypes, Route53ClientResolvedConfig>) {
    stub.on(ListHealthChecksCommand).callsFake((input: { Marker?: string; MaxItems?: number }) => {
      const all = [...this.checks.values()];
      const from = input.Marker ? Number(input.Marker) : 0;
      const size = 2; // small pages, so pagination is exercised
      const page = all.slice(from, from + size);
      const more = from + size < all.length;
      return {
        HealthChecks: page,
        IsTruncated: more,
        ...(more ? { NextMarker: String(from + size) } : {}),
        MaxItems: input.MaxItems,
        Marker: input.Marker ?? '',
      };
    });
    stub.on(ListTagsForResourcesCommand).callsFake((input: { ResourceIds: string[] }) => {
      if (input.ResourceIds.length > 10) throw new Error('more than 10 ResourceIds');
      return {
        ResourceTagSets: input.ResourceIds.map((id) => ({
          ResourceType: 'healthcheck',
          ResourceId: id,
          Tags: Object.entries(this.tags.get(id) ?? {}).map(([Key, Value]) => ({ Key, Value })),
        })),
      };
    });
    stub
      .on(ChangeTagsForResourceCommand)
      .callsFake((input: { ResourceId: string; AddTags?: { Key: string; Value: string }[] }) => {
        const tags = this.tags.get(input.ResourceId) ?? {};
        for (const t of input.AddTags ?? []) tags[t.Key] = t.Value;
        this.tags.set(input.ResourceId, tags);
        return {};
      });
    stub
      .on(CreateHealthCheckCommand)
      .callsFake(
        (input: { CallerReference: string; HealthCheckConfig: HealthCheck['HealthCheckConfig'] }) => {
          const same = [...this.checks.values()].find((c) => c.CallerReference === input.CallerReference);
          if (same && canon(same.HealthCheckConfig) === canon(input.HealthCheckConfig))
            return { HealthCheck: same };
          if (same || this.usedReferences.has(input.CallerReference))
            throw new HealthCheckAlreadyExists({ ...meta, message: 'already exists' });
          const id = `hc-${String(this.next++).padStart(4, '0')}`;
          const check = {
            Id: id,
            CallerReference: input.CallerReference,
            HealthCheckConfig: input.HealthCheckConfig,
            HealthCheckVersion: 1,
          };
          this.checks.set(id, check);
          this.usedReferences.add(input.CallerReference);
          return { HealthCheck: check, Location: `/healthcheck/${id}` };
        },
      );
    stub
      .on(UpdateHealthCheckCommand)
      .callsFake(
        (input: Record<string, unknown> & { HealthCheckId: string; HealthCheckVersion?: number }) => {
          const check = this.checks.get(input.HealthCheckId)!;
          if (input.HealthCheckVersion !== check.HealthCheckVersion)
            throw new Error('HealthCheckVersionMismatch');
          const { HealthCheckId: _id, HealthCheckVersion: _v, ...settings } = input;
          check.HealthCheckConfig = { ...check.HealthCheckConfig!, ...settings };
          check.HealthCheckVersion = (check.HealthCheckVersion ?? 1) + 1;
          return { HealthCheck: check };
        },
      );
    stub.on(DeleteHealthCheckCommand).callsFake((input: { HealthCheckId: string }) => {
      const inUse =
        [...this.sets.values()].some((s) => s.HealthCheckId === input.HealthCheckId) ||
        [...this.checks.values()].some((c) =>
          c.HealthCheckConfig?.ChildHealthChecks?.includes(input.HealthCheckId),
        );
      if (inUse) throw new HealthCheckInUse({ ...meta, message: 'in use' });
      this.checks.delete(input.HealthCheckId);
      this.tags.delete(input.HealthCheckId);
      return {};
    });
    stub.on(ListResourceRecordSetsCommand).callsFake(() => ({
      ResourceRecordSets: [...this.sets.values()],
      IsTruncated: false,
      MaxItems: 300,
    }));
    stub
      .on(ChangeResourceRecordSetsCommand)
      .callsFake(
        (input: { ChangeBatch: { Changes: { Action: string; ResourceRecordSet: ResourceRecordSet }[] } }) => {
          const next = new Map(this.sets);
          for (const c of input.ChangeBatch.Changes) {
            const key = setKey(c.ResourceRecordSet);
            if (c.Action === 'CREATE' && next.has(key))
              throw new InvalidChangeBatch({ ...meta, message: `exists ${key}` });
            if (c.Action === 'DELETE') {
              if (canon(next.get(key)) !== canon(c.ResourceRecordSet))
                throw new InvalidChangeBatch({ ...meta, message: `no such set ${key}` });
              next.delete(key);
            } else next.set(key, c.ResourceRecordSet);
          }
          this.sets = next;
          return { ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } };
        },
      );
  }

  addSet(set: ResourceRecordSet) {
    this.sets.set(setKey(set), set);
  }

  /** Calls that change something. */
  writes() {
    const names = new Set([
      'CreateHealthCheckCommand',
      'UpdateHealthCheckCommand',
      'DeleteHealthCheckCommand',
      'ChangeTagsForResourceCommand',
      'ChangeResourceRecordSetsCommand',
    ]);
    return this.stub.calls().filter((c) => names.has(c.args[0].constructor.name)).length;
  }
}
