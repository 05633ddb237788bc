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
 * commitMany sends the Puts of many records in one transaction (up to 100 items), each record's pair
 * kept together, so the pair stays atomic and a lost race is told apart by its CancellationReasons.
 */
import type { QueryCommandInput, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { StoreError } from '../../core/errors';
import type { Commit, HistoryQuery, StateStore } from '../../core/ports';
import type { Beacon, PlaneId, RecordState, Transition, Versioned } from '../../core/types';
import type { DynamoDbApi } from './api';
import {
  cancellationReasons,
  cancelledError,
  recordConflict,
  storeError,
  translateCommitError,
} from './errors';
import {
  beaconItem,
  beaconOf,
  dataOf,
  type Item,
  key,
  numberOf,
  PK,
  stateItem,
  transitionItem,
} from './items';

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
/** Items one TransactWriteItems may hold (the DynamoDB limit). */
export const MAX_TRANSACTION_ITEMS = 100;

const contextOf = (c: Commit) => ({
  record: c.next.record,
  expectedVersion: c.expectedVersion,
  transitionId: c.transition?.id,
});

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

  /** A record's items: the conditional state Put, then its transition's Put if it has one. */
  private putsOf(c: Commit): TransactWriteItem[] {
    const statePut = {
      TableName: this.table,
      Item: stateItem(c.next, c.expectedVersion + 1, this.now()),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      ...(c.expectedVersion === 0
        ? { ConditionExpression: IF_ABSENT }
        : {
            ConditionExpression: IF_VERSION,
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': { N: String(c.expectedVersion) } },
          }),
    };
    const transitionPut = c.transition && {
      TableName: this.table,
      Item: transitionItem(c.transition, this.ttlDays),
      ConditionExpression: IF_ABSENT,
    };
    return [{ Put: statePut }, ...(transitionPut ? [{ Put: transitionPut }] : [])];
  }

  async commit(next: RecordState, expectedVersion: number, transition?: Transition): Promise<number> {
    const c: Commit = { next, expectedVersion, ...(transition ? { transition } : {}) };
    try {
      await this.api.transactWriteItems({ TransactItems: this.putsOf(c) });
    } catch (error) {
      throw translateCommitError(error, contextOf(c));
    }
    return expectedVersion + 1;
  }

  /**
   * Records packed whole into transactions of at most 100 items (a record is 1 or 2). A transaction is
   * all or nothing, so one lost compare-and-set cancels it: its CancellationReasons say which records
   * lost (ConflictError), and the transaction is sent again without them. Any other failure fails
   * every record of that transaction and none of the others.
   */
  async commitMany(commits: readonly Commit[]): Promise<(number | Error)[]> {
    const out: (number | Error)[] = new Array(commits.length);
    const chunks: number[][] = [];
    let current: number[] = [];
    let load = 0;
    for (const [i, c] of commits.entries()) {
      const size = c.transition ? 2 : 1;
      if (load + size > MAX_TRANSACTION_ITEMS) {
        chunks.push(current);
        current = [];
        load = 0;
      }
      current.push(i);
      load += size;
    }
    if (current.length > 0) chunks.push(current);
    for (const chunk of chunks) await this.commitChunk(commits, chunk, out);
    return out;
  }

  private async commitChunk(commits: readonly Commit[], chunk: number[], out: (number | Error)[]) {
    let pending = chunk;
    while (pending.length > 0) {
      const items: TransactWriteItem[] = [];
      const first: number[] = [];
      for (const i of pending) {
        first.push(items.length);
        items.push(...this.putsOf(commits[i]!));
      }
      try {
        await this.api.transactWriteItems({ TransactItems: items });
        for (const i of pending) out[i] = commits[i]!.expectedVersion + 1;
        return;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons || pending.length === 1) {
          for (const i of pending) out[i] = translateCommitError(error, contextOf(commits[i]!));
          return;
        }
        const lost = new Set<number>();
        pending.forEach((i, k) => {
          const c = commits[i]!;
          const at = first[k]!;
          const conflict = recordConflict(
            reasons[at],
            c.transition ? reasons[at + 1] : undefined,
            contextOf(c),
            error,
          );
          if (conflict) {
            out[i] = conflict;
            lost.add(i);
          }
        });
        if (lost.size === 0) {
          const why = cancelledError(`committing ${pending.length} records`, reasons, error);
          for (const i of pending) out[i] = why;
          return;
        }
        pending = pending.filter((i) => !lost.has(i));
      }
    }
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
    return item ? beaconOf(item) : undefined;
  }

  /** Last writer wins, except that an older beacon (a delayed tick) never overwrites a newer one. */
  async publishBeacon(beacon: Beacon): Promise<void> {
    const item = await beaconItem(beacon);
    try {
      await this.api.putItem({
        TableName: this.table,
        Item: item,
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
