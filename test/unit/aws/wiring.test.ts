import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { exampleConfig, harness, TOKEN } from './harness';

const record = 'app.example.com';

describe('AWS plane wiring', () => {
  it('writes Cloudflare with the token from SSM, read once per container and never logged or returned', async () => {
    const h = harness();
    const responses = [
      await h.control({ action: 'failover', record }),
      await h.control({ action: 'status' }),
      await h.control({ action: 'plan' }),
    ];
    expect(h.cloudflare.apiCalls('POST')).toHaveLength(1);
    const tokenReads = h.aws.ssm.mock
      .commandCalls(GetParameterCommand)
      .filter((c) => c.args[0].input.Name === '/twinplane/CLOUDFLARE_API_TOKEN');
    expect(tokenReads.map((c) => c.args[0].input)).toEqual([
      { Name: '/twinplane/CLOUDFLARE_API_TOKEN', WithDecryption: true },
    ]);
    for (const text of [...h.lines, ...responses.map((r) => JSON.stringify(r))])
      expect(text).not.toContain(TOKEN);
  });

  it('still fails over Route 53 when the Cloudflare token cannot be read, and says why', async () => {
    const h = harness({ parameters: {} });
    expect(await h.control({ action: 'failover', record })).toMatchObject({
      ok: true,
      result: { record: { activePool: 'secondary', committed: true } },
    });
    expect(h.aws.route53.mock).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
    expect(h.cloudflare.apiCalls()).toHaveLength(0);
    expect(h.logs().find((l) => l.message === 'cloudflare skipped')).toMatchObject({
      level: 'error',
      reason: expect.stringContaining('SSM parameter /twinplane/CLOUDFLARE_API_TOKEN does not exist'),
    });
  });

  it('reports the unreadable token on the Cloudflare side as not retryable, with the reason', async () => {
    const h = harness({ parameters: {} });
    const answer = (await h.control({ action: 'failover', record })) as {
      result: { events: { type: string; provider?: string; retryable?: boolean; reason?: string }[] };
    };
    expect(answer.result.events).toContainEqual(
      expect.objectContaining({
        type: 'apply-failed',
        provider: 'cloudflare',
        retryable: false,
        reason: expect.stringContaining('/twinplane/CLOUDFLARE_API_TOKEN does not exist'),
      }),
    );
  });

  it('fails the cold start, naming the field, when a record uses Cloudflare and no token is configured', async () => {
    const config = exampleConfig();
    delete config.providers.cloudflare!.apiToken;
    const h = harness({ config });
    const answer = await h.control({ action: 'status' });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        type: 'ConfigError',
        retryable: false,
        issues: [
          {
            path: 'providers.cloudflare',
            message: expect.stringContaining('set providers.cloudflare.apiToken'),
          },
        ],
      },
    });
    expect(h.aws.route53.mock).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
  });

  it('notifies the configured SNS topic of a transition', async () => {
    const base = harness().config;
    const topicArn = 'arn:aws:sns:us-east-1:123456789012:twinplane-alerts';
    const h = harness({ config: { ...base, notify: [{ kind: 'sns', topicArn }] } });
    await h.control({ action: 'failover', record });
    expect(h.aws.sns.mock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: topicArn,
      Subject: expect.stringContaining('app.example.com'),
    });
  });
});
