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

beforeAll(() => {
  execFileSync(
    process.execPath,
    ['node_modules/osls/bin/serverless.js', 'package', '--stage', 'prod', '--package', OUT],
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
  const template = JSON.parse(readFileSync(join(OUT, 'cloudformation-template-update-stack.json'), 'utf8'));
  resources = template.Resources;
});

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

  it('runs both functions on nodejs22.x from the built zips, with the table and secret prefix in the environment', () => {
    const functions = ofType('AWS::Lambda::Function').map(([, f]) => f.Properties);
    expect(functions).toHaveLength(2);
    for (const f of functions) {
      expect(f).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', Architectures: ['arm64'] });
      expect((f.Environment as { Variables: Record<string, unknown> }).Variables).toEqual({
        TWINPLANE_TABLE: { Ref: 'StateTable' },
        TWINPLANE_SSM_PREFIX: '/twinplane/prod/',
        LOG_LEVEL: 'info',
      });
    }
  });

  it('keeps logs for 30 days', () => {
    const groups = ofType('AWS::Logs::LogGroup').map(([, g]) => g.Properties);
    expect(groups.map((g) => g.RetentionInDays)).toEqual([30, 30]);
  });

  it('grants no wildcard action, and no wildcard resource where a scoped one exists', () => {
    const [[, role]] = ofType('AWS::IAM::Role') as [[string, Resource]];
    const statements = (
      role.Properties.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[]
    ).flatMap((p) => p.PolicyDocument.Statement);
    const actions = statements.flatMap((s) => s.Action as string[]);
    for (const action of actions) expect(action).toMatch(/^[a-z0-9]+:[A-Za-z]+$/);
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
      const resources = (s.Resource as unknown[]).map((r) => JSON.stringify(r));
      expect(resources).not.toContain('"*"');
      const service = (s.Action as string[])[0]!.split(':')[0];
      const allowed: Record<string, RegExp> = {
        route53:
          /^\{"Fn::Sub":"arn:\$\{AWS::Partition\}:route53:::(hostedzone\/Z0123456789ABC|change\/\*)"\}$/,
        dynamodb: /^\{"Fn::GetAtt":\["StateTable","Arn"\]\}$/,
        ssm: /parameter\/twinplane\/prod\/CLOUDFLARE_API_TOKEN"\}$|parameter\/twinplane\/prod\/SLACK_WEBHOOK_URL"\}$/,
        logs: /log-group:\/aws\/lambda\/twinplane-prod/,
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
      },
    });
  });
});
