/**
 * Stateful stand-ins for the Route 53 and DynamoDB calls the AWS plane makes, on aws-sdk-client-mock:
 * enough semantics (conditions, CREATE/DELETE exactness) to drive the real handlers across invocations,
 * and DynamoDB's item size (400 KB) and transaction (100 actions, 4 MB) limits, so a write the service refuses
 * is refused here too; a Query pages at 1 MB of items (or Limit), as the service pages it.
 */
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  InvalidChangeBatch,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { snsPublisher } from '../../functions/adapters/aws-common/sns';
import { ssmApi } from '../../functions/adapters/aws-secrets/ssm-client';
import { dynamoDbApi } from '../../functions/adapters/dynamodb/api';
import { route53Api } from '../../functions/adapters/route53/api';
import type { AwsClients } from '../../functions/aws/plane';

type Item = Record<string, AttributeValue>;

/** DynamoDB's documented limits that the fake holds writes to. */
export const DYNAMODB_LIMITS = {
  itemBytes: 400 * 1024,
  transactionItems: 100,
  transactionBytes: 4 * 1024 * 1024,
  queryPageBytes: 1024 * 1024,
} as const;

const utf8 = (text: string) => new TextEncoder().encode(text).length;
/** An item's size as DynamoDB counts it: attribute names plus values (strings in UTF-8, bytes raw). */
export function itemBytes(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += utf8(name);
    if (value.S !== undefined) size += utf8(value.S);
    else if (value.N !== undefined) size += Math.ceil(value.N.replace(/^-|\.|^0+/g, '').length / 2) + 1;
    else if (value.B !== undefined) size += value.B.length;
    else if (value.BOOL !== undefined || value.NULL !== undefined) size += 1;
    else throw new Error(`fake DynamoDB does not size the attribute ${name}`);
  }
  return size;
}

const validation = (message: string) =>
  Object.assign(new Error(message), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } });

function checkSize(item: Item | undefined) {
  if (item && itemBytes(item) > DYNAMODB_LIMITS.itemBytes)
    throw validation('Item size has exceeded the maximum allowed size');
}

const id = (key: Item | undefined) => `${key?.pk?.S}|${key?.sk?.S}`;

function conditionHolds(
  condition: string | undefined,
  current: Item | undefined,
  values: Item = {},
): boolean {
  if (!condition) return true;
  if (condition === 'attribute_not_exists(pk)') return current === undefined;
  if (condition === '#version = :expected') return current?.version?.N === values[':expected']?.N;
  if (condition.startsWith('attribute_not_exists(pk) OR #at <= :at'))
    return current === undefined || Number(current.at?.N) <= Number(values[':at']?.N);
  throw new Error(`fake DynamoDB does not know the condition ${condition}`);
}

export function fakeDynamoDb() {
  const items = new Map<string, Item>();
  const mock = mockClient(DynamoDBClient);
  mock.on(GetItemCommand).callsFake((input) => ({ Item: items.get(id(input.Key)) }));
  mock.on(PutItemCommand).callsFake((input) => {
    checkSize(input.Item);
    if (
      !conditionHolds(input.ConditionExpression, items.get(id(input.Item)), input.ExpressionAttributeValues)
    ) {
      throw Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      });
    }
    items.set(id(input.Item), input.Item);
    return {};
  });
  mock.on(QueryCommand).callsFake((input) => {
    const pk = input.ExpressionAttributeValues?.[':pk']?.S;
    const prefix = input.ExpressionAttributeValues?.[':record']?.S ?? '';
    const found = [...items.values()]
      .filter((i) => i.pk?.S === pk && (i.sk?.S ?? '').startsWith(prefix))
      .sort((a, b) => (a.sk?.S ?? '').localeCompare(b.sk?.S ?? ''));
    if (input.ScanIndexForward === false) found.reverse();
    // A page ends at Limit items or once 1 MB of items was read, as DynamoDB pages a Query.
    const after = input.ExclusiveStartKey ? id(input.ExclusiveStartKey) : undefined;
    let at = after === undefined ? 0 : found.findIndex((i) => id(i) === after) + 1;
    const page: Item[] = [];
    let bytes = 0;
    for (; at < found.length && page.length < (input.Limit ?? Number.POSITIVE_INFINITY); at++) {
      if (bytes >= DYNAMODB_LIMITS.queryPageBytes) break;
      bytes += itemBytes(found[at]!);
      page.push(found[at]!);
    }
    const last = page.at(-1);
    return at < found.length && last
      ? { Items: page, Count: page.length, LastEvaluatedKey: { pk: last.pk!, sk: last.sk! } }
      : { Items: page, Count: page.length };
  });
  mock.on(TransactWriteItemsCommand).callsFake((input: TransactWriteItemsCommandInput) => {
    const actions = input.TransactItems ?? [];
    if (actions.length > DYNAMODB_LIMITS.transactionItems)
      throw validation(
        `1 validation error detected: Value '[${actions.length} items]' at 'transactItems' failed to satisfy constraint: ` +
          `Member must have length less than or equal to ${DYNAMODB_LIMITS.transactionItems}`,
      );
    const puts = actions.map((t) => t.Put!);
    for (const p of puts) checkSize(p.Item);
    if (puts.reduce((sum, p) => sum + itemBytes(p.Item!), 0) > DYNAMODB_LIMITS.transactionBytes)
      throw validation('Transaction request cannot include items whose aggregate size exceeds 4 MB');
    const reasons = puts.map((p) => {
      const current = items.get(id(p.Item));
      return conditionHolds(p.ConditionExpression, current, p.ExpressionAttributeValues)
        ? { Code: 'None' }
        : { Code: 'ConditionalCheckFailed', ...(current ? { Item: current } : {}) };
    });
    if (reasons.some((r) => r.Code !== 'None')) {
      throw new TransactionCanceledException({
        $metadata: {},
        message: 'Transaction cancelled',
        CancellationReasons: reasons,
      });
    }
    for (const p of puts) items.set(id(p.Item), p.Item!);
    return {};
  });
  return { mock, items, api: dynamoDbApi(new DynamoDBClient({ region: 'us-east-1' })) };
}

const rrKey = (s: ResourceRecordSet) => `${s.Name?.toLowerCase()}|${s.Type}`;
const invalid = (message: string) =>
  new InvalidChangeBatch({ $metadata: { httpStatusCode: 400 }, message, messages: [message] });

export function fakeRoute53(initial: ResourceRecordSet[] = []) {
  const zone = new Map(initial.map((s) => [rrKey(s), s]));
  const mock = mockClient(Route53Client);
  let changes = 0;
  /** Runs once right after the next read: another writer acting between our read and our write. */
  const hooks: { afterRead?: (() => void) | undefined } = {};
  // Pages of MaxItems (at most 300, as Route 53 serves them), in name and type order; the hook runs
  // after the last page, once the whole zone was read. A read's first page sorts the zone's keys once and
  // the pages after it walk that order (values are looked up as they stand), so a read of N record sets
  // costs one sort, not one per page.
  let order: string[] = [];
  const keys = (input: { StartRecordName?: string | undefined }) => {
    if (!input.StartRecordName || order.length === 0) order = [...zone.keys()].sort();
    return order;
  };
  const firstAtOrAfter = (sorted: readonly string[], from: string) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  mock.on(ListResourceRecordSetsCommand).callsFake((input) => {
    const sorted = keys(input);
    const from = input.StartRecordName
      ? `${input.StartRecordName.toLowerCase()}|${input.StartRecordType ?? ''}`
      : '';
    const size = Math.min(input.MaxItems ?? 300, 300);
    const page: ResourceRecordSet[] = [];
    let at = firstAtOrAfter(sorted, from);
    for (; at < sorted.length && page.length < size; at++) {
      const set = zone.get(sorted[at]!);
      if (set) page.push(set);
    }
    let next: ResourceRecordSet | undefined;
    for (; at < sorted.length && !next; at++) next = zone.get(sorted[at]!);
    if (!next) {
      order = [];
      const after = hooks.afterRead;
      hooks.afterRead = undefined;
      after?.();
      return { ResourceRecordSets: page, IsTruncated: false, MaxItems: size };
    }
    return {
      ResourceRecordSets: page,
      IsTruncated: true,
      MaxItems: size,
      NextRecordName: next.Name,
      NextRecordType: next.Type,
    };
  });
  // All or nothing: the batch's changes are staged over the zone and land only if every one holds.
  mock.on(ChangeResourceRecordSetsCommand).callsFake((input) => {
    const staged = new Map<string, ResourceRecordSet | undefined>();
    const current = (key: string) => (staged.has(key) ? staged.get(key) : zone.get(key));
    for (const c of input.ChangeBatch?.Changes ?? []) {
      const set = c.ResourceRecordSet!;
      const where = `[name='${set.Name}', type='${set.Type}']`;
      const key = rrKey(set);
      const held = current(key);
      if (c.Action === 'CREATE' && held)
        throw invalid(`Tried to create resource record set ${where} but it already exists`);
      if (c.Action === 'DELETE' && JSON.stringify(held) !== JSON.stringify(set))
        throw invalid(
          `Tried to delete resource record set ${where} but the values provided do not match the current values`,
        );
      staged.set(key, c.Action === 'DELETE' ? undefined : set);
    }
    for (const [key, set] of staged) {
      if (set) zone.set(key, set);
      else zone.delete(key);
    }
    if (staged.size > 0) order = [];
    changes++;
    return { ChangeInfo: { Id: `/change/C${changes}`, Status: 'PENDING', SubmittedAt: new Date() } };
  });
  mock
    .on(GetChangeCommand)
    .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
  return { mock, zone, hooks, api: route53Api(new Route53Client({ region: 'us-east-1' })) };
}

/** SSM parameters by name; any other name is ParameterNotFound, as in AWS. */
export function fakeSsm(parameters: Record<string, string>) {
  const mock = mockClient(SSMClient);
  mock.on(GetParameterCommand).callsFake((input: { Name?: string }) => {
    const value = parameters[input.Name ?? ''];
    if (value === undefined) throw new ParameterNotFound({ $metadata: {}, message: '' });
    return { Parameter: { Name: input.Name, Type: 'SecureString', Value: value } };
  });
  return { mock, api: ssmApi(new SSMClient({ region: 'us-east-1' })) };
}

export function fakeSns() {
  const mock = mockClient(SNSClient);
  mock.on(PublishCommand).resolves({ MessageId: 'm-1' });
  return { mock, publisher: snsPublisher(new SNSClient({ region: 'us-east-1' })) };
}

/** The fakes as the plane's clients. */
export function fakeAws(initial: ResourceRecordSet[] = [], parameters: Record<string, string> = {}) {
  const dynamodb = fakeDynamoDb();
  const route53 = fakeRoute53(initial);
  const ssm = fakeSsm(parameters);
  const sns = fakeSns();
  const clients: AwsClients = {
    route53: route53.api,
    dynamodb: dynamodb.api,
    ssm: ssm.api,
    sns: sns.publisher,
  };
  return { dynamodb, route53, ssm, sns, clients };
}
