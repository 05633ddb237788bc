/** The one SNS call the notifier makes (Publish), over an injectable SDK client. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SnsPublisher } from '../notify/targets';

export function snsPublisher(client: SNSClient): SnsPublisher {
  return { publish: (input) => client.send(new PublishCommand(input)) };
}

export function createSnsClient(region?: string): SNSClient {
  return new SNSClient(region ? { region } : {});
}
