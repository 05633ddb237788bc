/**
 * The Notifier: turns events into messages and delivers each to every target with retries and
 * backoff; more than a few messages at once (a mass failover) go out as one digest. It never throws and
 * never logs a secret: a failed notification never fails a tick.
 */
import type { Config, NotifySpec, SecretRef } from '../../core/config/model';
import { ConfigError } from '../../core/errors';
import type { Clock, Logger, Notifier } from '../../core/ports';
import type { CoreEvent, PlaneId } from '../../core/types';
import { DIGEST_OVER, digest, type Message, toMessage } from './message';
import { type Delivery, DeliveryError, type SnsPublisher, slack, sns, teams, webhook } from './targets';

export interface NotifierOptions {
  plane: PlaneId;
  clock: Clock;
  logger: Logger;
  attempts?: number;
  /** First backoff; doubles per attempt, with jitter. */
  backoffMs?: number;
  timeoutMs?: number;
  random?: () => number;
  /** More messages than this in one call go out as one digest per target. Default DIGEST_OVER (5). */
  digestOver?: number;
}

export class FanoutNotifier implements Notifier {
  readonly sent: { target: string; title: string }[] = [];
  constructor(
    private readonly targets: readonly Delivery[],
    private readonly options: NotifierOptions,
  ) {}

  async notify(events: readonly CoreEvent[]): Promise<void> {
    let messages = events
      .map((e) => toMessage(e, this.options.plane))
      .filter((m): m is Message => m !== undefined);
    if (messages.length > (this.options.digestOver ?? DIGEST_OVER))
      messages = [digest(messages, this.options.plane)];
    await Promise.all(this.targets.flatMap((target) => messages.map((m) => this.deliver(target, m))));
  }

  private async deliver(target: Delivery, message: Message): Promise<void> {
    const { clock, logger } = this.options;
    const attempts = this.options.attempts ?? 3;
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const controller = new AbortController();
      const stop = new AbortController();
      void clock.sleep(this.options.timeoutMs ?? 5_000, stop.signal).then(() => {
        if (!stop.signal.aborted) controller.abort();
      });
      try {
        await target.send(message, controller.signal);
        this.sent.push({ target: target.name, title: message.title });
        return;
      } catch (error) {
        const retryable = error instanceof DeliveryError ? error.retryable : false;
        const reason =
          error instanceof DeliveryError ? error.message : `${target.name}: ${(error as Error).name}`;
        if (!retryable || attempt === attempts) {
          logger.warn('notification failed', {
            target: target.name,
            title: message.title,
            error: reason,
            attempts: attempt,
          });
          return;
        }
        const base = (this.options.backoffMs ?? 500) * 2 ** (attempt - 1);
        await clock.sleep(base / 2 + random() * base);
      } finally {
        stop.abort();
      }
    }
  }
}

export interface NotifierDeps {
  plane: PlaneId;
  clock: Clock;
  logger: Logger;
  resolveSecret: (ref: SecretRef) => Promise<string>;
  sns?: SnsPublisher;
  retry?: Pick<NotifierOptions, 'attempts' | 'backoffMs' | 'timeoutMs'>;
}

/** Builds the notifier for `config.notify`, resolving webhook secrets once. Unresolvable targets are logged and skipped. */
export async function createNotifier(
  config: Pick<Config, 'notify'>,
  deps: NotifierDeps,
): Promise<FanoutNotifier> {
  const targets: Delivery[] = [];
  for (const spec of config.notify) {
    try {
      targets.push(await target(spec, deps));
    } catch (error) {
      deps.logger.error('notification target unavailable', {
        kind: spec.kind,
        error: (error as Error).message,
      });
    }
  }
  return new FanoutNotifier(targets, {
    plane: deps.plane,
    clock: deps.clock,
    logger: deps.logger,
    ...deps.retry,
  });
}

async function target(spec: NotifySpec, deps: NotifierDeps): Promise<Delivery> {
  switch (spec.kind) {
    case 'slack':
      return slack(await deps.resolveSecret(spec.webhook));
    case 'teams':
      return teams(await deps.resolveSecret(spec.webhook));
    case 'webhook':
      return webhook(
        spec.url,
        spec.signingSecret ? await deps.resolveSecret(spec.signingSecret) : undefined,
        () => deps.clock.now(),
      );
    case 'sns':
      if (!deps.sns)
        throw new ConfigError([
          { path: 'notify', message: `SNS target ${spec.topicArn} is only available on the AWS plane` },
        ]);
      return sns(spec.topicArn, deps.sns);
  }
}
