import { readdirSync, readFileSync } from 'node:fs';
import { PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { type Harness, harness } from './harness';

/**
 * Every file in events/ runs through the real handler it is meant for, so the folder cannot rot: a new
 * file without a row here fails, and so does a file the handlers no longer accept.
 */
interface Expectation {
  handler: 'tick' | 'control';
  /** Another events/ file to run first, so the action has something to undo. */
  after?: string;
  /** Atomic writes to each DNS provider (a Route 53 ChangeBatch, a Cloudflare batch). */
  dnsChanges: number;
  commits: number;
  beacons: number;
  activePool?: string;
}

const EXPECTED: Record<string, Expectation> = {
  'tick.json': { handler: 'tick', dnsChanges: 0, commits: 0, beacons: 1 },
  'run.json': { handler: 'control', dnsChanges: 0, commits: 0, beacons: 1 },
  'status.json': { handler: 'control', dnsChanges: 0, commits: 0, beacons: 0 },
  'plan.json': { handler: 'control', dnsChanges: 0, commits: 0, beacons: 0 },
  'history.json': { handler: 'control', dnsChanges: 0, commits: 0, beacons: 0 },
  'failover.json': { handler: 'control', dnsChanges: 1, commits: 1, beacons: 0, activePool: 'secondary' },
  'failback.json': {
    handler: 'control',
    after: 'failover.json',
    dnsChanges: 1,
    commits: 1,
    beacons: 0,
    activePool: 'primary',
  },
  'pin.json': { handler: 'control', dnsChanges: 1, commits: 1, beacons: 0, activePool: 'secondary' },
  'unpin.json': { handler: 'control', after: 'pin.json', dnsChanges: 0, commits: 1, beacons: 0 },
};

const files = readdirSync('events').filter((f) => f.endsWith('.json'));
const load = (file: string): unknown => JSON.parse(readFileSync(`events/${file}`, 'utf8'));

async function invoke(h: Harness, file: string) {
  const event = load(file);
  return EXPECTED[file]?.handler === 'tick' ? h.tick(event) : h.control(event);
}

describe('events/', () => {
  it('has an expectation for every file, and a file for every expectation', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s runs through its handler', async (file) => {
    const expected = EXPECTED[file]!;
    const h = harness();
    if (expected.after) expect(await invoke(h, expected.after)).toMatchObject({ ok: true });
    h.aws.route53.mock.resetHistory();
    h.cloudflare.requests = [];
    h.aws.dynamodb.mock.resetHistory();

    const response = (await invoke(h, file)) as Record<string, unknown>;
    expect(response).toMatchObject({ ok: true });
    const event = load(file) as { action?: string };
    if (expected.handler === 'control') expect(response.action).toBe(event.action);

    expect(h.aws.route53.mock).toHaveReceivedCommandTimes(
      ChangeResourceRecordSetsCommand,
      expected.dnsChanges,
    );
    expect(h.aws.dynamodb.mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, expected.commits);
    expect(h.aws.dynamodb.mock).toHaveReceivedCommandTimes(PutItemCommand, expected.beacons);
    if (expected.activePool) {
      const status = (await h.control({ action: 'status' })) as {
        result: { records: { activePool: string }[] };
      };
      expect(status.result.records[0]!.activePool).toBe(expected.activePool);
    }
  });
});
