/**
 * The part of a SQLite-backed Durable Object's storage twinplane uses. Workers' DurableObjectStorage
 * satisfies it; naming only these calls keeps the adapters free of runtime-specific types.
 */
export interface SqlCursorLike {
  toArray(): Record<string, unknown>[];
}

export interface SqlLike {
  exec(query: string, ...bindings: unknown[]): SqlCursorLike;
}

export interface DurableStorageLike {
  readonly sql: SqlLike;
  /** Runs `fn` as one SQLite transaction: a throw rolls every statement back. */
  transactionSync<T>(fn: () => T): T;
}

export function rows<T>(sql: SqlLike, query: string, ...bindings: unknown[]): T[] {
  return sql.exec(query, ...bindings).toArray() as T[];
}
