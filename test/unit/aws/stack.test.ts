import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config/validate';
import { CFN, secretRefs, stackParams } from '../../../infra/aws/stack';
import { dataPlaneDoc } from '../../helpers/dataplane';

const check = { http: { url: 'https://origin.example.com/health' } };
const pools = [
  { name: 'primary', values: ['192.0.2.1'], checks: ['c'] },
  { name: 'secondary', values: ['192.0.2.2'], checks: ['c'] },
];

const config = parseConfig({
  providers: {
    route53: { zones: { 'example.com': 'Z0123456789ABC', 'example.org': 'Z0987654321XYZ' } },
    cloudflare: { zoneId: '0123456789abcdef0123456789abcdef', apiToken: { secret: 'CLOUDFLARE_API_TOKEN' } },
  },
  checks: { c: check },
  records: [
    { name: 'app.example.com', type: 'A', providers: ['route53', 'cloudflare'], pools },
    {
      name: 'api.example.org',
      type: 'AAAA',
      providers: ['route53'],
      pools: pools.map((p, i) => ({ ...p, values: [`2001:db8::${i + 1}`] })),
    },
  ],
  notify: [
    { sns: { topicArn: 'arn:aws:sns:us-east-1:123456789012:twinplane-alerts' } },
    { slack: { webhook: { secret: 'SLACK_WEBHOOK_URL' } } },
    { webhook: { url: 'https://hooks.example.com', signingSecret: { secret: 'CLOUDFLARE_API_TOKEN' } } },
  ],
});

describe('stack parameters from twinplane.yaml', () => {
  const { iamStatements, hostedZoneIds, secretParameters } = stackParams(config, {
    ssmPrefix: '/twinplane/prod',
  });
  const byAction = (action: string) => iamStatements.find((s) => s.Action.includes(action));

  it('scopes Route 53 reads and changes to the configured hosted zones', () => {
    expect(hostedZoneIds).toEqual(['Z0123456789ABC', 'Z0987654321XYZ']);
    const zoneArns = [
      { 'Fn::Sub': `arn:${CFN.partition}:route53:::hostedzone/Z0123456789ABC` },
      { 'Fn::Sub': `arn:${CFN.partition}:route53:::hostedzone/Z0987654321XYZ` },
    ];
    expect(byAction('route53:ListResourceRecordSets')).toEqual({
      Effect: 'Allow',
      Action: ['route53:ListResourceRecordSets'],
      Resource: zoneArns,
    });
    expect(byAction('route53:ChangeResourceRecordSets')).toMatchObject({
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: zoneArns,
    });
  });

  it('lets changes touch only the managed names, their markers and their types', () => {
    expect(byAction('route53:ChangeResourceRecordSets')!.Condition).toEqual({
      'ForAllValues:StringEquals': {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
          '_twinplane-a.app.example.com',
          '_twinplane-aaaa.api.example.org',
          'api.example.org',
          'app.example.com',
        ],
        'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA', 'TXT'],
      },
    });
  });

  it('grants DynamoDB on the state table only, without transactions of its own (they need PutItem)', () => {
    expect(byAction('dynamodb:PutItem')).toEqual({
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      Resource: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }],
    });
  });

  it('grants ssm:GetParameter on each referenced secret, once', () => {
    expect(secretRefs(config).map((r) => r.secret)).toEqual(['CLOUDFLARE_API_TOKEN', 'SLACK_WEBHOOK_URL']);
    expect(secretParameters).toEqual([
      '/twinplane/prod/CLOUDFLARE_API_TOKEN',
      '/twinplane/prod/SLACK_WEBHOOK_URL',
    ]);
    expect(byAction('ssm:GetParameter')!.Resource).toEqual([
      {
        'Fn::Sub': `arn:${CFN.partition}:ssm:${CFN.region}:${CFN.account}:parameter/twinplane/prod/CLOUDFLARE_API_TOKEN`,
      },
      {
        'Fn::Sub': `arn:${CFN.partition}:ssm:${CFN.region}:${CFN.account}:parameter/twinplane/prod/SLACK_WEBHOOK_URL`,
      },
    ]);
  });

  it('grants sns:Publish on the configured topics only', () => {
    expect(byAction('sns:Publish')).toEqual({
      Effect: 'Allow',
      Action: ['sns:Publish'],
      Resource: ['arn:aws:sns:us-east-1:123456789012:twinplane-alerts'],
    });
  });

  it('has no wildcard action anywhere, and a wildcard resource only for Route 53 change ids (swap mode)', () => {
    for (const s of iamStatements) {
      for (const a of s.Action) expect(a).toMatch(/^[a-z0-9]+:[A-Za-z]+$/);
      const wild = s.Resource.filter((r) => JSON.stringify(r).includes('*'));
      expect(wild).toEqual(
        s.Action.includes('route53:GetChange')
          ? [{ 'Fn::Sub': `arn:${CFN.partition}:route53:::change/*` }]
          : [],
      );
    }
  });

  it('grants the health-check calls, scoped, and the failover set names only when a record is in dataplane mode', () => {
    const doc = dataPlaneDoc();
    const dp = stackParams(parseConfig(doc), { ssmPrefix: '/twinplane/' });
    const actions = dp.iamStatements.flatMap((s) => s.Action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'route53:CreateHealthCheck',
        'route53:GetHealthCheck',
        'route53:UpdateHealthCheck',
        'route53:DeleteHealthCheck',
      ]),
    );
    const scoped = dp.iamStatements.find((s) => s.Action.includes('route53:DeleteHealthCheck'))!;
    expect(scoped.Resource).toEqual([{ 'Fn::Sub': `arn:${CFN.partition}:route53:::healthcheck/*` }]);
    const change = dp.iamStatements.find((s) => s.Action.includes('route53:ChangeResourceRecordSets'))!;
    expect(
      change.Condition!['ForAllValues:StringEquals']![
        'route53:ChangeResourceRecordSetsNormalizedRecordNames'
      ],
    ).toEqual(
      expect.arrayContaining(['app.example.com', '_twinplane-chain1-a.app.example.com', 'www.example.com']),
    );
    expect(dp.secretParameters).toContain('/twinplane/TWINPLANE_VERDICT_SECRET');
    // The same records in swap mode: no health-check access.
    for (const r of doc.records) delete (r as { route53?: unknown }).route53;
    delete (doc.planes as { verdicts?: unknown }).verdicts;
    const swap = stackParams(parseConfig(doc), { ssmPrefix: '/twinplane/' });
    expect(swap.iamStatements.flatMap((s) => s.Action).filter((a) => a.includes('HealthCheck'))).toEqual([]);
  });

  it('asks for no Route 53 or SSM access when the config needs none', () => {
    const local = parseConfig({
      providers: { local: { zone: 'example.test' } },
      checks: { c: check },
      records: [{ name: 'app.example.test', type: 'A', providers: ['local'], pools }],
    });
    expect(stackParams(local, { ssmPrefix: '/twinplane/' }).iamStatements.flatMap((s) => s.Action)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
  });
});
