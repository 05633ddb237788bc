import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { fromAws } from '../../../functions/adapters/route53/codec';
import { toFailoverSet } from '../../../functions/adapters/route53/dataplane-codec';
import { dataPlaneDrift } from '../../../functions/core/dataplane-drift';
import { desiredDataPlane } from '../../../functions/core/dataplane-plan';
import type { ZoneReads } from '../../../functions/core/reconcile';
import { DP_KEY, dataPlaneConfig, VERDICT_SECRET } from '../../helpers/dataplane';

const config = dataPlaneConfig();
const record = config.records.find((r) => r.key === DP_KEY)!;
const ZONE = 'Z0123456789ABC';

/** The zone as setup leaves it, each set with a health check id when it carries one. */
function zone(edit: (sets: ResourceRecordSet[]) => ResourceRecordSet[] = (s) => s): ZoneReads {
  const sets = desiredDataPlane(config, record, VERDICT_SECRET).sets.map((s) =>
    toFailoverSet(s, ZONE, s.healthCheck ? `hc-${s.setIdentifier}` : undefined),
  );
  return new Map([[`route53:${ZONE}`, edit(sets).map(fromAws)]]);
}

describe('dataPlaneDrift', () => {
  it('reports nothing when the failover sets are as setup wrote them', () => {
    expect(dataPlaneDrift(config, zone(), 0)).toEqual([]);
  });

  it.each([
    [
      'a missing PRIMARY',
      (s: ResourceRecordSet[]) => s.filter((x) => x.SetIdentifier !== 'twinplane-primary'),
      'no PRIMARY set twinplane-primary at app.example.com',
    ],
    [
      'changed values',
      (s: ResourceRecordSet[]) =>
        s.map((x) =>
          x.SetIdentifier === 'twinplane-tertiary' ? { ...x, ResourceRecords: [{ Value: '192.0.2.99' }] } : x,
        ),
      '_twinplane-chain1-a.app.example.com A twinplane-tertiary holds 192.0.2.99 where the config has 203.0.113.30',
    ],
    [
      'a PRIMARY without its health check',
      (s: ResourceRecordSet[]) =>
        s.map((x) => (x.SetIdentifier === 'twinplane-primary' ? { ...x, HealthCheckId: undefined } : x)),
      'app.example.com A twinplane-primary carries no health check',
    ],
    [
      'a chain alias pointing elsewhere',
      (s: ResourceRecordSet[]) =>
        s.map((x) =>
          x.SetIdentifier === 'twinplane-chain1'
            ? { ...x, AliasTarget: { ...x.AliasTarget!, DNSName: 'elsewhere.example.com.' } }
            : x,
        ),
      'app.example.com A twinplane-chain1 points at elsewhere.example.com, not _twinplane-chain1-a.app.example.com',
    ],
  ])('reports %s as drift on route53', (_, edit, detail) => {
    const events = dataPlaneDrift(config, zone(edit), 5);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'drift', record: DP_KEY, provider: 'route53', at: 5 });
    expect((events[0] as { detail: string }).detail).toContain(detail);
  });

  it('costs no call: a zone the tick did not read, or could not, is not checked', () => {
    expect(dataPlaneDrift(config, new Map(), 0)).toEqual([]);
    expect(dataPlaneDrift(config, new Map([[`route53:${ZONE}`, new Error('down')]]), 0)).toEqual([]);
  });
});
