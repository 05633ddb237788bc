/** Doubles for the AWS plane's tests: a clock whose sleeps pass instantly, and a Lambda context. */
import type { Context } from 'aws-lambda';
import type { Clock } from '../../functions/core/ports';

/** Time moves only when something sleeps; every sleep is recorded, so backoff can be asserted exactly. */
export class InstantClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public t = Date.UTC(2026, 0, 1)) {}
  now() {
    return this.t;
  }
  async sleep(ms: number) {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

export function lambdaContext(overrides: Partial<Context> = {}): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'twinplane-prod-control',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:twinplane-prod-control',
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/twinplane-prod-control',
    logStreamName: '2026/01/01/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 50_000,
    done() {},
    fail() {},
    succeed() {},
    ...overrides,
  };
}
