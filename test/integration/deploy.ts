/**
 * Creates the AWS plane's resources the way a deploy would. `osls package` renders the CloudFormation;
 * what LocalStack's CloudFormation can create offline is deployed through it (deployment bucket, IAM role,
 * log groups, the EventBridge schedule). The Lambda functions are not: host-mode LocalStack downloads its
 * Lambda runtime at first use, so the handlers run in-process instead. The state table is created with the
 * template's own properties through the DynamoDB API, which moto serves when LocalStack runs on the host.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string | string[] };
export type Template = { Resources: Record<string, Resource>; Outputs?: Record<string, unknown> };

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

export function packageStack(configFile: string, stage: string, out: string): Template {
  execFileSync(
    process.execPath,
    ['node_modules/osls/bin/serverless.js', 'package', '--stage', stage, '--package', out],
    {
      env: {
        ...process.env,
        TWINPLANE_CONFIG: configFile,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
      },
      stdio: 'pipe',
    },
  );
  return JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
}

/** The part of the template LocalStack creates offline, with references to the rest made literal. */
export function deployableTemplate(template: Template, stage: string): Template {
  const tableName =
    (template.Resources.StateTable!.Properties.TableName as string) ?? `twinplane-${stage}-state`;
  const functionArn = (logical: string) =>
    `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${(template.Resources[logical]!.Properties.FunctionName as string) ?? logical}`;
  const keep = (r: Resource) =>
    [
      'AWS::S3::Bucket',
      'AWS::S3::BucketPolicy',
      'AWS::IAM::Role',
      'AWS::Logs::LogGroup',
      'AWS::Events::Rule',
    ].includes(r.Type);
  const resources = Object.fromEntries(Object.entries(template.Resources).filter(([, r]) => keep(r)));
  let text = JSON.stringify({ Resources: resources });
  text = text.replace(/\{"Ref":"StateTable"\}/g, JSON.stringify(tableName));
  text = text.replace(
    /\{"Fn::GetAtt":\["StateTable","Arn"\]\}/g,
    JSON.stringify(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${tableName}`),
  );
  text = text.replace(/\{"Fn::GetAtt":\["(\w+LambdaFunction)","Arn"\]\}/g, (_m, logical: string) =>
    JSON.stringify(functionArn(logical)),
  );
  // Queues (the tick's failure destination) are not created here; the role names them by ARN.
  text = text.replace(/\{"Fn::GetAtt":\["(\w+)","Arn"\]\}/g, (m, logical: string) => {
    const r = template.Resources[logical];
    return r?.Type === 'AWS::SQS::Queue'
      ? JSON.stringify(`arn:aws:sqs:${REGION}:${ACCOUNT}:${(r.Properties.QueueName as string) ?? logical}`)
      : m;
  });
  const out = JSON.parse(text) as Template;
  for (const r of Object.values(out.Resources)) {
    if (Array.isArray(r.DependsOn)) r.DependsOn = r.DependsOn.filter((d) => d in out.Resources);
    else if (typeof r.DependsOn === 'string' && !(r.DependsOn in out.Resources)) delete r.DependsOn;
  }
  return out;
}

export async function deployStack(name: string, template: Template): Promise<Record<string, string>> {
  const cfn = new CloudFormationClient({ region: REGION });
  await cfn.send(
    new CreateStackCommand({
      StackName: name,
      TemplateBody: JSON.stringify(template),
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
    }),
  );
  for (let i = 0; i < 120; i++) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    if (stack?.StackStatus?.endsWith('_COMPLETE') || stack?.StackStatus?.endsWith('_FAILED')) {
      if (stack.StackStatus !== 'CREATE_COMPLETE')
        throw new Error(`stack ${name}: ${stack.StackStatus} ${stack.StackStatusReason ?? ''}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const resources =
    (await cfn.send(new DescribeStackResourcesCommand({ StackName: name }))).StackResources ?? [];
  const failed = resources.filter((r) => r.ResourceStatus !== 'CREATE_COMPLETE');
  if (failed.length > 0)
    throw new Error(
      `stack ${name}: ${failed.map((r) => `${r.LogicalResourceId} ${r.ResourceStatus}`).join(', ')}`,
    );
  return Object.fromEntries(resources.map((r) => [r.LogicalResourceId ?? '', r.PhysicalResourceId ?? '']));
}

/** CreateTable with the template's StateTable properties (keys, billing, TTL, point-in-time recovery). */
export async function createStateTable(template: Template, tableName: string): Promise<void> {
  const p = template.Resources.StateTable!.Properties as {
    BillingMode: 'PAY_PER_REQUEST';
    AttributeDefinitions: { AttributeName: string; AttributeType: 'S' }[];
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
    PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean };
  };
  const ddb = new DynamoDBClient({ region: REGION });
  await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: p.BillingMode,
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
    }),
  );
  if (p.TimeToLiveSpecification) {
    await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: p.TimeToLiveSpecification,
      }),
    );
  }
  if (p.PointInTimeRecoverySpecification) {
    await ddb
      .send(
        new UpdateContinuousBackupsCommand({
          TableName: tableName,
          PointInTimeRecoverySpecification: {
            PointInTimeRecoveryEnabled: p.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled,
          },
        }),
      )
      .catch(() => {
        // Not every emulator implements continuous backups; the template test asserts the setting.
      });
  }
}
