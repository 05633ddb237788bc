/** Notifications against real local receivers: payloads, the HMAC signature, retries, and no secret in logs. */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../../../functions/adapters/notify/notifier';
import { systemClock } from '../../../../functions/adapters/system/clock';
import type { NotifySpec } from '../../../../functions/core/config/model';
import type { Logger } from '../../../../functions/core/ports';
import type { CoreEvent } from '../../../../functions/core/types';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A receiver that answers with the given statuses in turn (the last one repeats). */
async function receiver(statuses: number[] = [200]) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(statuses[Math.min(received.length - 1, statuses.length - 1)]!).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received };
}

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: log, info: log, warn: log, error: log };
}

const transition: CoreEvent = {
  type: 'transition',
  transition: {
    id: 'app.example.com/A#2',
    record: 'app.example.com/A',
    epoch: 2,
    from: 'primary',
    to: 'secondary',
    kind: 'failover',
    reason: 'primary unhealthy',
    at: Date.UTC(2026, 0, 1),
    plane: 'aws',
    failing: [
      {
        check: 'primary-health',
        vantage: 'aws',
        reason: 'status 503 from 192.0.2.44 in 812 ms, expected 200',
      },
    ],
    dissent: ['cloudflare'],
  },
};

async function notifier(specs: NotifySpec[], secrets: Record<string, string>, logger = capture()) {
  return {
    logger,
    notifier: await createNotifier(
      { notify: specs },
      {
        plane: 'aws',
        clock: systemClock,
        logger,
        resolveSecret: async (ref) => secrets[ref.secret] ?? Promise.reject(new Error('missing')),
        retry: { backoffMs: 1 },
      },
    ),
  };
}

describe('notifications', () => {
  it('signs the generic webhook with HMAC-SHA256 over timestamp.body', async () => {
    const r = await receiver();
    const { notifier: n } = await notifier(
      [{ kind: 'webhook', url: `${r.url}/hook`, signingSecret: { secret: 'HOOK_KEY' } }],
      { HOOK_KEY: 's3cr3t' },
    );
    await n.notify([transition]);
    expect(r.received).toHaveLength(1);
    const { headers, body } = r.received[0]!;
    const expected = createHmac('sha256', 's3cr3t')
      .update(`${headers['x-twinplane-timestamp']}.${body}`)
      .digest('hex');
    expect(headers['x-twinplane-signature']).toBe(`v1=${expected}`);
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({
      version: 1,
      plane: 'aws',
      severity: 'critical',
      title: 'app.example.com/A: failover primary -> secondary (epoch 2)',
    });
    expect(payload.text).toContain(
      'primary-health from aws: status 503 from 192.0.2.44 in 812 ms, expected 200',
    );
    expect(payload.text).toContain('Vantages that disagreed: cloudflare');
  });

  it('posts Slack and Teams payloads that say what changed and why', async () => {
    const s = await receiver();
    const t = await receiver();
    const { notifier: n } = await notifier(
      [
        { kind: 'slack', webhook: { secret: 'SLACK' } },
        { kind: 'teams', webhook: { secret: 'TEAMS' } },
      ],
      { SLACK: `${s.url}/services/T000/B000/XXXX`, TEAMS: `${t.url}/workflows/abc` },
    );
    await n.notify([
      transition,
      {
        type: 'fail-static',
        record: 'app.example.com/A',
        activePool: 'primary',
        reason: 'every pool is unhealthy',
        failing: [],
        at: 0,
      },
    ]);
    expect(s.received.map((x) => JSON.parse(x.body).text)).toEqual([
      ':red_circle: app.example.com/A: failover primary -> secondary (epoch 2)',
      ':red_circle: app.example.com/A: every pool is unhealthy; holding primary',
    ]);
    const card = JSON.parse(t.received[0]!.body).attachments[0].content;
    expect(card.type).toBe('AdaptiveCard');
    expect(card.body.map((b: { text: string }) => b.text).join('\n')).toContain('status 503 from 192.0.2.44');
  });

  it('retries 5xx with backoff and gives up quietly on 4xx', async () => {
    const flaky = await receiver([500, 502, 200]);
    const rejecting = await receiver([400]);
    const { notifier: n, logger } = await notifier(
      [
        { kind: 'webhook', url: `${flaky.url}/a` },
        { kind: 'webhook', url: `${rejecting.url}/b` },
      ],
      {},
    );
    await n.notify([transition]);
    expect(flaky.received).toHaveLength(3);
    expect(rejecting.received).toHaveLength(1);
    expect(logger.lines.join('\n')).toContain('status 400');
  });

  it('never throws and never logs a webhook URL when the receiver is gone', async () => {
    const { notifier: n, logger } = await notifier([{ kind: 'slack', webhook: { secret: 'SLACK' } }], {
      SLACK: 'http://127.0.0.1:1/services/T000/B000/SECRETTOKEN',
    });
    await expect(n.notify([transition])).resolves.toBeUndefined();
    const logs = logger.lines.join('\n');
    expect(logs).toContain('slack: connection failed');
    expect(logs).not.toContain('SECRETTOKEN');
  });

  it('skips events that are for logs only', async () => {
    const r = await receiver();
    const { notifier: n } = await notifier([{ kind: 'webhook', url: r.url }], {});
    await n.notify([{ type: 'conflict', record: 'r', reason: 'lost a race' }]);
    expect(r.received).toEqual([]);
  });

  it('publishes to SNS through the injected publisher', async () => {
    const published: unknown[] = [];
    const logger = capture();
    const n = await createNotifier(
      { notify: [{ kind: 'sns', topicArn: 'arn:aws:sns:us-east-1:123456789012:twinplane' }] },
      {
        plane: 'aws',
        clock: systemClock,
        logger,
        resolveSecret: async () => '',
        sns: { publish: async (input) => published.push(input) },
      },
    );
    await n.notify([transition]);
    expect(published).toEqual([
      expect.objectContaining({
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:twinplane',
        Subject: 'app.example.com/A: failover primary -> secondary (epoch 2)',
      }),
    ]);
  });

  it('logs and skips a target whose secret cannot be resolved', async () => {
    const { notifier: n, logger } = await notifier([{ kind: 'slack', webhook: { secret: 'ABSENT' } }], {});
    await n.notify([transition]);
    expect(n.sent).toEqual([]);
    expect(logger.lines.join('\n')).toContain('notification target unavailable');
  });

  it('sends a mass failover as one digest per target: what moved where, the records named, and why', async () => {
    const slackIn = await receiver();
    const hook = await receiver();
    const { notifier: n } = await notifier(
      [
        { kind: 'slack', webhook: { secret: 'SLACK' } },
        { kind: 'webhook', url: `${hook.url}/hook` },
      ],
      { SLACK: `${slackIn.url}/services/T000/B000/XXXX` },
    );
    const moved = (i: number): CoreEvent => {
      if (transition.type !== 'transition') throw new Error('fixture');
      const record = `app-${i}.example.com/A`;
      return { type: 'transition', transition: { ...transition.transition, id: `${record}#2`, record } };
    };
    const drift: CoreEvent = {
      type: 'drift',
      record: 'db.example.com/A',
      provider: 'cloudflare',
      detail: 'value changed outside twinplane',
      at: 0,
    };
    await n.notify([...Array.from({ length: 1_000 }, (_, i) => moved(i)), drift]);
    expect(slackIn.received).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
    const posted = JSON.parse(slackIn.received[0]!.body);
    expect(posted.text).toBe(':red_circle: 1,001 notifications from the aws plane: 1,000 failover, 1 drift');
    const text: string = posted.blocks[1].text.text;
    expect(text).toContain(
      'failover primary -> secondary: 1,000 records: app-0.example.com/A, app-1.example.com/A, ' +
        'app-2.example.com/A, app-3.example.com/A, app-4.example.com/A, app-5.example.com/A, ' +
        'app-6.example.com/A, app-7.example.com/A, app-8.example.com/A, app-9.example.com/A and 990 more',
    );
    expect(text).toContain('drift: 1\n  - db.example.com/A: drift on cloudflare');
    expect(text).toContain(
      'Why:\n  - primary-health from aws: status 503 from 192.0.2.44 in 812 ms, expected 200',
    );
    const payload = JSON.parse(hook.received[0]!.body);
    expect(payload.severity).toBe('critical');
    expect(payload.events).toHaveLength(1_001);
    expect(payload.event).toEqual(moved(0));
    expect(payload.events.at(-1)).toEqual(drift);
  });

  it('sends up to five messages of one tick one by one, and none of them as a digest', async () => {
    const r = await receiver();
    const { notifier: n } = await notifier([{ kind: 'webhook', url: r.url }], {});
    await n.notify(Array.from({ length: 5 }, () => transition));
    expect(r.received).toHaveLength(5);
    for (const x of r.received) expect(JSON.parse(x.body)).not.toHaveProperty('events');
  });
});
