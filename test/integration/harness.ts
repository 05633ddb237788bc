/** The real tick and control handlers, in-process, against LocalStack's Route 53 and a DynamoDB table. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { inject } from 'vitest';
import { createDynamoDbClient, dynamoDbApi } from '../../functions/adapters/dynamodb/api';
import { DynamoDbStateStore } from '../../functions/adapters/dynamodb/store';
import { createRoute53Client, route53Api } from '../../functions/adapters/route53/api';
import { createControlHandler } from '../../functions/aws/control';
import { createAwsPlane } from '../../functions/aws/plane';
import { readSettings } from '../../functions/aws/settings';
import { createTickHandler } from '../../functions/aws/tick';
import { parseConfig } from '../../functions/core/config/validate';
import type { Clock } from '../../functions/core/ports';
import { lambdaContext } from '../helpers/aws';
import { createStateTable, type Template } from './deploy';

/** Real time for waits (probe timeouts are real), with an offset the test moves between ticks. */
export class SteppedClock implements Clock {
  offset = 0;
  now() {
    return Date.now() + this.offset;
  }
  advance(ms: number) {
    this.offset += ms;
  }
  sleep(ms: number, signal?: AbortSignal) {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** An origin on 127.0.0.1 whose health the test switches. */
export async function origin() {
  let healthy = true;
  const server: Server = createServer((_req, res) =>
    res.writeHead(healthy ? 200 : 503).end(healthy ? 'ok' : 'down'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/health`,
    set(up: boolean) {
      healthy = up;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A record set of the test zone as Route 53 answers it: its TTL and sorted values, or undefined. */
export async function readRecordSet(reader: Route53Client, zoneId: string, name: string, type = 'A') {
  const listed = await reader.send(
    new ListResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      StartRecordName: name,
      StartRecordType: type as 'A',
      MaxItems: 1,
    }),
  );
  const set = listed.ResourceRecordSets?.find((s) => s.Name === `${name}.` && s.Type === type);
  return set
    ? { ttl: set.TTL, values: (set.ResourceRecords ?? []).map((r) => r.Value ?? '').sort() }
    : undefined;
}

let tables = 0;

export interface PlaneOptions {
  record: string;
  primaryUrl: string;
  secondaryUrl: string;
  failback?: { mode: 'auto' | 'manual'; after?: string };
  /** Override the hosted zone given to twinplane (e.g. one that cannot hold the record). */
  zoneId?: string;
  /** planes.peers of the config (the table is filled in for `aws`). */
  peers?: { local?: { via: 'aws' } };
  /** Use this state table instead of a new one. */
  table?: string;
}

export async function awsPlane(options: PlaneOptions) {
  const it = inject('integration');
  const template = JSON.parse(readFileSync(it.templateFile, 'utf8')) as Template;
  const table = options.table ?? `twinplane-it-state-${process.pid}-${++tables}-${Date.now()}`;
  if (!options.table) await createStateTable(template, table);
  const config = parseConfig({
    owner: 'twinplane-it',
    ...(options.peers ? { planes: { peers: { aws: { table }, ...options.peers } } } : {}),
    providers: { route53: { hostedZoneId: options.zoneId ?? it.zoneId } },
    checks: {
      'primary-health': {
        http: { url: options.primaryUrl },
        interval: '60s',
        timeout: '2s',
        failureThreshold: 3,
        successThreshold: 2,
      },
      'secondary-health': {
        http: { url: options.secondaryUrl },
        interval: '60s',
        timeout: '2s',
        failureThreshold: 3,
        successThreshold: 2,
      },
    },
    records: [
      {
        name: options.record,
        type: 'A',
        providers: ['route53'],
        ttl: { normal: 300, outage: 60 },
        pools: [
          { name: 'primary', values: ['192.0.2.44'], checks: ['primary-health'] },
          { name: 'secondary', values: ['198.51.100.7'], checks: ['secondary-health'] },
        ],
        failback: options.failback ?? { mode: 'auto', after: '3m' },
      },
    ],
  });
  const changes = { attempts: 0, ok: 0 };
  const r53 = createRoute53Client();
  r53.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'ChangeResourceRecordSetsCommand') return next(args);
      changes.attempts++;
      const out = await next(args);
      changes.ok++;
      return out;
    },
    { step: 'initialize', name: 'countChangeBatches' },
  );
  const clock = new SteppedClock();
  const dynamodb = dynamoDbApi(createDynamoDbClient());
  const plane = createAwsPlane({
    config,
    settings: readSettings({
      TWINPLANE_TABLE: table,
      TWINPLANE_SSM_PREFIX: '/twinplane/it/',
      LOG_LEVEL: 'error',
    }),
    clients: {
      route53: route53Api(r53),
      dynamodb,
      ssm: { getParameter: () => Promise.reject(new Error('no secrets in this suite')) },
    },
    clock,
  });
  const quiet = () => {};
  const tickHandler = createTickHandler(() => plane, quiet);
  const controlHandler = createControlHandler(() => plane, quiet);
  const scheduled = JSON.parse(readFileSync('events/tick.json', 'utf8'));
  const store = new DynamoDbStateStore({ api: dynamodb, tableName: table });
  const reader = new Route53Client({ region: 'us-east-1' });
  return {
    config,
    table,
    clock,
    changes,
    store,
    tick: () => tickHandler(scheduled, lambdaContext()),
    control: (event: unknown) => controlHandler(event, lambdaContext()),
    /** Ticks once a minute of plane time. */
    async ticks(n: number) {
      const out = [];
      for (let i = 0; i < n; i++) {
        out.push(await tickHandler(scheduled, lambdaContext()));
        clock.advance(60_000);
      }
      return out;
    },
    recordSet: (name: string, type = 'A') => readRecordSet(reader, it.zoneId, name, type),
  };
}
