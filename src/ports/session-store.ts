// The store of transient login state (logins, one-time codes, rate counters). Two
// implementations honour it: Redis (production) and an in-process map (development,
// one instance only). Every key has a TTL; every operation is atomic on its own, so
// callers build single-use and optimistic-concurrency steps out of these.

export interface SessionStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Writes only when the key does not exist; true when written. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Replaces the value only if it still equals `expected`; true when replaced. */
  compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean>;
  /** Reads and deletes in one step: the value can be taken once. */
  take(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
  /** Adds one and returns the new count; the TTL starts when the counter is created. */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Adds a member to a set; the set lives at least `ttlMs` from now. */
  addMember(key: string, member: string, ttlMs: number): Promise<void>;
  /** The members of a set (none when it does not exist). */
  members(key: string): Promise<string[]>;
  /** Remaining time to live in ms, or null when the key does not exist. */
  ttl(key: string): Promise<number | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A key whose scope (e.g. a login id) is a Redis Cluster hash tag, so every key of
 * one login lands in one slot and a later multi-key script stays possible.
 */
export function storeKey(kind: string, scope: string): string {
  return `${kind}:{${scope}}`;
}
