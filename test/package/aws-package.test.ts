import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `osls package` run offline on examples/twinplane.yaml, then the CloudFormation it generated read back:
 * the schedule, the table, the functions, and IAM with no wildcard where a scoped grant exists.
 */
const OUT = 'dist/aws/package';
type Resource = { Type: string; Properties: Record<string, unknown> };
let resources: Record<string, Resource>;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

function osls(out: string, ...args: string[]): Record<string, Resource> {
  execFileSync(
    process.execPath,
    ['node_modules/osls/bin/serverless.js', 'package', '--package', out, ...args],
    {
      env: {
        ...process.env,
        TWINPLANE_CONFIG: 'examples/twinplane.yaml',
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
      },
      stdio: 'pipe',
    },
  );
  return JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')).Resources;
}

let withParams: Record<string, Resource>;
beforeAll(() => {
  resources = osls(OUT, '--stage', 'prod');
  withParams = osls(
    `${OUT}-params`,
    '--param=memory=512',
    '--param=schedule=rate(2 minutes)',
    '--param=alarmTopicArn=arn:aws:sns:us-east-1:123456789012:ops',
    '--param=missingTickMinutes=10',
    '--param=tags=team=sre, cost-centre=42',
  );
}, 240_000);

const alarms = (from: Record<string, Resource>) =>
  Object.fromEntries(
    Object.values(from)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => [r.Properties.AlarmName as string, r.Properties]),
  );

describe('osls package', () => {
  it('schedules the tick function every minute', () => {
    const [[, rule]] = ofType('AWS::Events::Rule') as [[string, Resource]];
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.Properties.State).toBe('ENABLED');
    const target = (rule.Properties.Targets as { Arn: unknown }[])[0]!;
    expect(JSON.stringify(target.Arn)).toContain('TickLambdaFunction');
    const [[, retries]] = ofType('AWS::Lambda::EventInvokeConfig') as [[string, Resource]];
    expect(retries.Properties).toMatchObject({ MaximumRetryAttempts: 0 });
  });

  it('creates the state table: pk/sk keys, on demand, point-in-time recovery, TTL on expiresAt', () => {
    const [[name, table]] = ofType('AWS::DynamoDB::Table') as [[string, Resource]];
    expect(name).toBe('StateTable');
    expect(table.Properties).toMatchObject({
      TableName: 'twinplane-prod-state',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('runs the three functions on nodejs22.x from the built zips, with the table and secret prefix in the environment', () => {
    const functions = ofType('AWS::Lambda::Function').map(([, f]) => f.Properties);
    expect(functions).toHaveLength(3);
    for (const f of functions) {
      expect(f).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', Architectures: ['arm64'] });
      expect((f.Environment as { Variables: Record<string, unknown> }).Variables).toEqual({
        TWINPLANE_TABLE: { Ref: 'StateTable' },
        TWINPLANE_SSM_PREFIX: '/twinplane/prod/',
        LOG_LEVEL: 'info',
      });
    }
  });

  it('serves verdicts from a public function URL (Route 53 health checks cannot authenticate)', () => {
    const [[, url]] = ofType('AWS::Lambda::Url') as [[string, Resource]];
    expect(url.Properties).toMatchObject({ AuthType: 'NONE' });
    expect(JSON.stringify(url.Properties.TargetFunctionArn)).toContain('VerdictLambdaFunction');
  });

  it('keeps logs for 30 days', () => {
    const groups = ofType('AWS::Logs::LogGroup').map(([, g]) => g.Properties);
    expect(groups.map((g) => g.RetentionInDays)).toEqual([30, 30, 30]);
  });

  it('grants no wildcard action, and no wildcard resource where a scoped one exists', () => {
    const [[, role]] = ofType('AWS::IAM::Role') as [[string, Resource]];
    const statements = (
      role.Properties.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[]
    ).flatMap((p) => p.PolicyDocument.Statement);
    const actions = statements.flatMap((s) => s.Action as string[]);
    for (const action of actions) expect(action).toMatch(/^[a-z0-9]+:[A-Za-z]+$/);
    // The example has no record in route53 mode dataplane, so no health-check access at all.
    expect(actions.filter((a) => a.includes('HealthCheck'))).toEqual([]);
    expect(actions).toEqual(
      expect.arrayContaining([
        'route53:ListResourceRecordSets',
        'route53:ChangeResourceRecordSets',
        'route53:GetChange',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'ssm:GetParameter',
      ]),
    );
    for (const s of statements) {
      const resources = [s.Resource].flat().map((r) => JSON.stringify(r));
      expect(resources).not.toContain('"*"');
      const service = ([s.Action].flat() as string[])[0]!.split(':')[0];
      const allowed: Record<string, RegExp> = {
        route53:
          /^\{"Fn::Sub":"arn:\$\{AWS::Partition\}:route53:::(hostedzone\/Z0123456789ABC|change\/\*)"\}$/,
        dynamodb: /^\{"Fn::GetAtt":\["StateTable","Arn"\]\}$/,
        ssm: /parameter\/twinplane\/prod\/CLOUDFLARE_API_TOKEN"\}$|parameter\/twinplane\/prod\/SLACK_WEBHOOK_URL"\}$/,
        logs: /log-group:\/aws\/lambda\/twinplane-prod/,
        sqs: /^\{"Fn::GetAtt":\["TickFailureQueue","Arn"\]\}$/,
      };
      for (const r of resources) expect(r).toMatch(allowed[service!]!);
    }
  });

  it('builds a control bundle that answers a bad request with the field, without AWS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinplane-bundle-'));
    const script = 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])';
    execFileSync('python3', ['-c', script, 'dist/aws/control.zip', dir]);
    process.env.TWINPLANE_TABLE = 'twinplane-prod-state';
    const { handler } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    const context = {
      functionName: 'twinplane-prod-control',
      awsRequestId: 'r1',
      getRemainingTimeInMillis: () => 10_000,
    };
    expect(await handler({ action: 'pin', record: 'app.example.com' }, context)).toEqual({
      ok: false,
      error: {
        type: 'RequestError',
        message: expect.stringContaining('pool'),
        issues: [{ path: 'pool', message: expect.any(String) }],
        retryable: false,
      },
    });
  });

  it('alarms on tick errors, on no tick for 5 minutes (the tick EMF metric, missing data breaching) and on failed invocations', () => {
    const byName = alarms(resources);
    expect(Object.keys(byName).sort()).toEqual([
      'twinplane-prod-no-tick',
      'twinplane-prod-tick-errors',
      'twinplane-prod-tick-failures',
    ]);
    expect(byName['twinplane-prod-no-tick']).toMatchObject({
      Namespace: 'twinplane',
      MetricName: 'tick_duration_ms',
      Dimensions: [
        { Name: 'service', Value: 'twinplane' },
        { Name: 'plane', Value: 'aws' },
        { Name: 'function', Value: 'twinplane-prod-tick' },
      ],
      Statistic: 'SampleCount',
      EvaluationPeriods: 5,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(byName['twinplane-prod-tick-errors']).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: 'twinplane-prod-tick' }],
    });
    // Without an alarmTopicArn the stack creates the topic every alarm notifies.
    const [[topic]] = ofType('AWS::SNS::Topic') as [[string, Resource]];
    for (const alarm of Object.values(byName))
      expect(JSON.stringify(alarm.AlarmActions)).toContain(`{"Ref":"${topic}"}`);
  });

  it('sends a failed scheduled invocation to the failure queue', () => {
    const [[, config]] = ofType('AWS::Lambda::EventInvokeConfig') as [[string, Resource]];
    expect(config.Properties).toMatchObject({
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['TickFailureQueue', 'Arn'] } } },
    });
  });

  it('takes memory, schedule, alarm topic, the missing-tick window and tags as --param, and defaults the stage to dev', () => {
    const functions = Object.values(withParams).filter((r) => r.Type === 'AWS::Lambda::Function');
    for (const f of functions) {
      expect(f.Properties.MemorySize).toBe(512);
      expect(f.Properties.FunctionName).toMatch(/^twinplane-dev-/);
      expect(f.Properties.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'team', Value: 'sre' },
          { Key: 'cost-centre', Value: '42' },
        ]),
      );
    }
    const rule = Object.values(withParams).find((r) => r.Type === 'AWS::Events::Rule')!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(2 minutes)');
    const byName = alarms(withParams);
    // CloudFormation takes the number as text; --param values always arrive as text.
    const noTick = byName['twinplane-dev-no-tick']!;
    expect([noTick.EvaluationPeriods, noTick.DatapointsToAlarm].map(Number)).toEqual([10, 10]);
    for (const alarm of Object.values(byName))
      expect(JSON.stringify(alarm.AlarmActions)).toContain('arn:aws:sns:us-east-1:123456789012:ops');
  });
});
