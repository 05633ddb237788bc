/**
 * The DynamoDB StateStore: record states with a version compare-and-set, transitions recorded exactly
 * once, history that expires by TTL, and one beacon item per plane. Item layout: see items.ts.
 *
 * commit(next, expectedVersion, transition) is one TransactWriteItems of two conditional Puts:
 *
 *   Put STATE/<record>            if attribute_not_exists(pk)     (expectedVersion 0: first commit)
 *                                 or #version = :expected         (otherwise), writing version + 1
 *   Put HISTORY/<record>#<epoch>  if attribute_not_exists(pk)     (the transition id, recorded once)
 *
 * Two ticks (or a tick and a manual invoke) racing the same failover, both having read version 3:
 *
 *   t0  A reads STATE/app.example.com/A version 3          B reads version 3
 *   t1  A: TransactWriteItems [state v3 -> v4, HISTORY/app.example.com/A#0000000004]  -> committed
 *   t2  B: TransactWriteItems [state v3 -> v4, HISTORY/app.example.com/A#0000000004]
 *       -> TransactionCanceledException, CancellationReasons
 *          [ConditionalCheckFailed (Item: version 4), ConditionalCheckFailed]
 *       -> ConflictError "state version is 4, expected 3": B reports a lost race and writes nothing.
 *   t3  next tick: both read version 4 and the decision is already made; nothing to commit.
 *
 * Both Puts land or neither does, so a state without its transition (or the reverse) never exists. A
 * transaction interleaving with another on the same item (TransactionConflict) is a lost race too.
 */
import type { QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { StoreError } from '../../core/errors';
import type { HistoryQuery, StateStore } from '../../core/ports';
import type { Beacon, PlaneId, RecordState, Transition, Versioned } from '../../core/types';
import type { DynamoDbApi } from './api';
import { storeError, translateCommitError } from './errors';
import { beaconItem, dataOf, type Item, key, numberOf, PK, stateItem, transitionItem } from './items';

export interface DynamoDbStoreOptions {
  api: DynamoDbApi;
  tableName: string;
  /** Days a transition stays in the history before DynamoDB's TTL removes it. Default 90. */
  historyTtlDays?: number;
  now?: () => number;
}

const IF_ABSENT = 'attribute_not_exists(pk)';
const IF_VERSION = '#version = :expected';
const IF_NEWER_BEACON = 'attribute_not_exists(pk) OR #at <= :at';

export class DynamoDbStateStore implements StateStore {
  private readonly api: DynamoDbApi;
  private readonly table: string;
  private readonly ttlDays: number;
  private readonly now: () => number;

  constructor(options: DynamoDbStoreOptions) {
    this.api = options.api;
    this.table = options.tableName;
    this.ttlDays = options.historyTtlDays ?? 90;
    this.now = options.now ?? Date.now;
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>, max = Number.POSITIVE_INFINITY) {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.api.query({
        TableName: this.table,
        ...input,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length < max);
    return items;
  }

  async loadRecords(): Promise<Map<string, Versioned<RecordState>>> {
    let items: Item[];
    try {
      items = await this.queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: PK.state } },
        ConsistentRead: true,
      });
    } catch (error) {
      throw storeError(error, 'loading record states');
    }
    const out = new Map<string, Versioned<RecordState>>();
    for (const item of items) {
      const value = dataOf<RecordState>(item);
      out.set(value.record, { value, version: numberOf(item, 'version') ?? 0 });
    }
    return out;
  }

  async commit(next: RecordState, expectedVersion: number, transition?: Transition): Promise<number> {
    const version = expectedVersion + 1;
    const statePut = {
      TableName: this.table,
      Item: stateItem(next, version, this.now()),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      ...(expectedVersion === 0
        ? { ConditionExpression: IF_ABSENT }
        : {
            ConditionExpression: IF_VERSION,
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
          }),
    };
    const transitionPut = transition && {
      TableName: this.table,
      Item: transitionItem(transition, this.ttlDays),
      ConditionExpression: IF_ABSENT,
    };
    try {
      await this.api.transactWriteItems({
        TransactItems: [{ Put: statePut }, ...(transitionPut ? [{ Put: transitionPut }] : [])],
      });
    } catch (error) {
      throw translateCommitError(error, {
        record: next.record,
        expectedVersion,
        transitionId: transition?.id,
      });
    }
    return version;
  }

  async history(query: HistoryQuery = {}): Promise<Transition[]> {
    const limit = query.limit ?? 100;
    try {
      if (query.record) {
        const items = await this.queryAll(
          {
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :record)',
            ExpressionAttributeValues: { ':pk': { S: PK.history }, ':record': { S: `${query.record}#` } },
            ScanIndexForward: false,
            Limit: limit,
          },
          limit,
        );
        return items.slice(0, limit).map((i) => dataOf<Transition>(i));
      }
      // Across records the sort key orders by record, not time: read the (TTL-bounded) partition, sort.
      const items = await this.queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: PK.history } },
      });
      return items
        .map((i) => dataOf<Transition>(i))
        .sort((a, b) => b.at - a.at || b.epoch - a.epoch)
        .slice(0, limit);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw storeError(error, 'reading history');
    }
  }

  async loadBeacon(plane: PlaneId): Promise<Beacon | undefined> {
    let item: Item | undefined;
    try {
      item = (
        await this.api.getItem({ TableName: this.table, Key: key(PK.beacon, plane), ConsistentRead: true })
      ).Item;
    } catch (error) {
      throw storeError(error, `loading the ${plane} beacon`);
    }
    return item ? dataOf<Beacon>(item) : undefined;
  }

  /** Last writer wins, except that an older beacon (a delayed tick) never overwrites a newer one. */
  async publishBeacon(beacon: Beacon): Promise<void> {
    try {
      await this.api.putItem({
        TableName: this.table,
        Item: beaconItem(beacon),
        ConditionExpression: IF_NEWER_BEACON,
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': { N: String(beacon.at) } },
      });
    } catch (error) {
      if ((error as Error)?.name === 'ConditionalCheckFailedException') return;
      throw storeError(error, `publishing the ${beacon.plane} beacon`);
    }
  }
}
