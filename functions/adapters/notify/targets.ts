/**
 * Notification targets: Slack and Microsoft Teams incoming webhooks, a generic webhook signed with
 * HMAC-SHA256, and SNS. Each builds one HTTP request (or SNS publish) from a Message; delivery,
 * retries and error handling live in the notifier.
 */
import type { Message } from './message';
import { plainText } from './message';

export interface Delivery {
  /** Name for logs: never the URL, which is a secret for Slack and Teams. */
  name: string;
  send(message: Message, signal: AbortSignal): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

async function post(
  name: string,
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
) {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
      signal,
    });
  } catch (error) {
    throw new DeliveryError(
      `${name}: ${(error as Error).name === 'AbortError' ? 'timed out' : 'connection failed'}`,
      true,
    );
  }
  await response.body?.cancel().catch(() => {});
  if (!response.ok) {
    throw new DeliveryError(
      `${name}: status ${response.status}`,
      response.status === 429 || response.status >= 500,
    );
  }
}

const EMOJI = {
  info: ':large_green_circle:',
  warning: ':large_yellow_circle:',
  critical: ':red_circle:',
} as const;

export function slack(webhookUrl: string): Delivery {
  return {
    name: 'slack',
    send: (m, signal) =>
      post(
        'slack',
        webhookUrl,
        JSON.stringify({
          text: `${EMOJI[m.severity]} ${m.title}`,
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: m.title.slice(0, 150) } },
            { type: 'section', text: { type: 'mrkdwn', text: m.lines.join('\n').slice(0, 2900) } },
          ],
        }),
        {},
        signal,
      ),
  };
}

export function teams(webhookUrl: string): Delivery {
  const color = { info: 'Good', warning: 'Warning', critical: 'Attention' } as const;
  return {
    name: 'teams',
    send: (m, signal) =>
      post(
        'teams',
        webhookUrl,
        JSON.stringify({
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: {
                $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
                type: 'AdaptiveCard',
                version: '1.4',
                body: [
                  {
                    type: 'TextBlock',
                    text: m.title,
                    weight: 'Bolder',
                    size: 'Medium',
                    color: color[m.severity],
                    wrap: true,
                  },
                  ...m.lines.map((line) => ({ type: 'TextBlock', text: line, wrap: true, spacing: 'Small' })),
                ],
              },
            },
          ],
        }),
        {},
        signal,
      ),
  };
}

/** hex(HMAC-SHA256(secret, `${timestamp}.${body}`)) with Web Crypto, so it runs on every plane. */
export async function signature(secret: string, timestamp: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A JSON POST of the event (a digest: `event` is its first, `events` every one). With a signing secret it carries `x-twinplane-timestamp` (unix seconds) and
 * `x-twinplane-signature: v1=<hex>`; receivers recompute the HMAC over `timestamp.body` and reject old
 * timestamps to stop replays.
 */
export function webhook(url: string, signingSecret: string | undefined, now: () => number): Delivery {
  return {
    name: `webhook ${new URL(url).host}`,
    async send(m, signal) {
      const body = JSON.stringify({
        version: 1,
        plane: m.plane,
        severity: m.severity,
        title: m.title,
        text: plainText(m),
        event: m.event,
        ...(m.events ? { events: m.events } : {}),
      });
      const headers: Record<string, string> = {};
      if (signingSecret) {
        const timestamp = String(Math.floor(now() / 1000));
        headers['x-twinplane-timestamp'] = timestamp;
        headers['x-twinplane-signature'] = `v1=${await signature(signingSecret, timestamp, body)}`;
      }
      await post(this.name, url, body, headers, signal);
    },
  };
}

export interface SnsPublisher {
  publish(input: { TopicArn: string; Subject: string; Message: string }): Promise<unknown>;
}

export function sns(topicArn: string, publisher: SnsPublisher): Delivery {
  return {
    name: `sns ${topicArn.split(':').at(-1)}`,
    async send(m) {
      try {
        await publisher.publish({ TopicArn: topicArn, Subject: m.title.slice(0, 99), Message: plainText(m) });
      } catch (error) {
        const name = (error as { name?: string }).name ?? 'Error';
        throw new DeliveryError(
          `sns: ${name}`,
          /Throttl|InternalError|ServiceUnavailable|Timeout/i.test(name),
        );
      }
    },
  };
}
