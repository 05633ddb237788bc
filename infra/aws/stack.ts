/**
 * What serverless.yml needs from twinplane.yaml: least-privilege IAM statements scoped to the
 * configured hosted zones, record names, secret parameters and SNS topics. CloudFormation fills in partition,
 * region and account, so packaging needs no credentials.
 */
import type { Config, SecretRef } from '../../functions/core/config/model';
import { chainName } from '../../functions/core/dataplane-plan';
import { markerName } from '../../functions/core/ownership';

export interface IamStatement {
  Effect: 'Allow';
  Action: string[];
  Resource: unknown[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface StackParams {
  iamStatements: IamStatement[];
  hostedZoneIds: string[];
  secretParameters: string[];
}

/** CloudFormation pseudo parameters, resolved by Fn::Sub at deploy time. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a template literal
export const CFN = { partition: '${AWS::Partition}', region: '${AWS::Region}', account: '${AWS::AccountId}' };

const sub = (text: string) => ({ 'Fn::Sub': text });
export const hostedZoneArn = (id: string) => sub(`arn:${CFN.partition}:route53:::hostedzone/${id}`);
export const CHANGE_ARN = sub(`arn:${CFN.partition}:route53:::change/*`);
export const HEALTH_CHECK_ARN = sub(`arn:${CFN.partition}:route53:::healthcheck/*`);
export const parameterArn = (name: string) =>
  sub(`arn:${CFN.partition}:ssm:${CFN.region}:${CFN.account}:parameter${name}`);

/** Every `{secret: NAME}` in the config, in order, once. */
export function secretRefs(config: Config): SecretRef[] {
  const refs: SecretRef[] = [];
  if (config.providers.cloudflare?.apiToken) refs.push(config.providers.cloudflare.apiToken);
  if (config.planes.verdicts) refs.push(config.planes.verdicts.secret);
  for (const n of config.notify) {
    if (n.kind === 'slack' || n.kind === 'teams') refs.push(n.webhook);
    if (n.kind === 'webhook' && n.signingSecret) refs.push(n.signingSecret);
  }
  return [...new Map(refs.map((r) => [r.secret, r])).values()];
}

export function stackParams(config: Config, options: { ssmPrefix: string }): StackParams {
  const statements: IamStatement[] = [];
  const zones = [...new Set((config.providers.route53?.zones ?? []).map((z) => z.id))];
  const managed = config.records.filter((r) => r.providers.includes('route53'));
  const dataplane = config.records.filter((r) => r.dataplane);
  // Data-plane records: the failover sets of every chain level, beside the record's marker.
  const dataplaneNames = dataplane.flatMap((r) =>
    r.pools.slice(0, -1).flatMap((_, level) => [chainName(r, level)]),
  );
  if (zones.length > 0) {
    const zoneArns = zones.map(hostedZoneArn);
    statements.push({ Effect: 'Allow', Action: ['route53:ListResourceRecordSets'], Resource: zoneArns });
    statements.push({
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: zoneArns,
      // Only the managed names and their ownership markers, only the types twinplane writes.
      Condition: {
        'ForAllValues:StringEquals': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
            ...new Set([...managed.flatMap((r) => [r.name, markerName(r)]), ...dataplaneNames]),
          ].sort(),
          'route53:ChangeResourceRecordSetsRecordTypes': [
            ...new Set([...managed.map((r) => r.type), ...dataplane.map((r) => r.type), 'TXT']),
          ].sort(),
        },
      },
    });
    statements.push({
      Effect: 'Allow',
      Action: ['route53:GetChange'],
      Resource: [CHANGE_ARN],
    });
  }
  if (dataplane.length > 0) {
    // Route 53 data-plane mode only. CreateHealthCheck has no resource type in IAM, so it takes "*";
    // the others are limited to health checks.
    statements.push({ Effect: 'Allow', Action: ['route53:CreateHealthCheck'], Resource: ['*'] });
    statements.push({
      Effect: 'Allow',
      Action: ['route53:GetHealthCheck', 'route53:UpdateHealthCheck', 'route53:DeleteHealthCheck'],
      Resource: [HEALTH_CHECK_ARN],
    });
  }
  statements.push({
    Effect: 'Allow',
    Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    Resource: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }],
  });
  const prefix = options.ssmPrefix.endsWith('/') ? options.ssmPrefix : `${options.ssmPrefix}/`;
  const secretParameters = secretRefs(config).map((r) => `${prefix}${r.secret}`);
  if (secretParameters.length > 0) {
    statements.push({
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: secretParameters.map(parameterArn),
    });
  }
  const topics = [...new Set(config.notify.flatMap((n) => (n.kind === 'sns' ? [n.topicArn] : [])))];
  if (topics.length > 0) statements.push({ Effect: 'Allow', Action: ['sns:Publish'], Resource: topics });
  return { iamStatements: statements, hostedZoneIds: zones, secretParameters };
}
