// The Redis SessionStore, on one server, Sentinel or Cluster (redis-connection.ts).
// Keys carry one prefix; multi-step operations run as Lua scripts so they stay
// atomic. Every script touches one key, so each runs within one Cluster slot.

import type { Logger } from 'pino';
import type { SessionStore } from '../../ports/session-store.js';
import type { DependencyMetrics } from '../../observability/metrics.js';
import { isRedisOutage, outageReporter } from '../dependency-outage.js';
import { openRedis, type RedisClient, type RedisTarget } from './redis-connection.js';

// COMPARE_AND_SET and ADD_MEMBER are exported for the benchmark's hop floor, which
// sends what the service sends.
export const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export const ADD_MEMBER = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

export class RedisStore implements SessionStore {
  private readonly outage: (cause: unknown) => Error;

  private constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly confirm: { replicas: number; timeoutMs: number },
    logger: Logger,
    metrics?: DependencyMetrics,
  ) {
    this.outage = outageReporter('redis', logger, { metrics });
  }

  static async connect(target: RedisTarget, logger: Logger, metrics?: DependencyMetrics): Promise<RedisStore> {
    // WAIT must answer before the command itself times out.
    const confirm = { replicas: target.waitReplicas, timeoutMs: Math.max(1, Math.floor(target.commandTimeoutMs / 2)) };
    return new RedisStore(await openRedis(target, logger), `${target.keyPrefix}:`, confirm, logger, metrics);
  }

  get(key: string): Promise<string | null> {
    return this.tagged(() => this.redis.get(this.k(key)));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.confirmed('SET', this.k(key), value, 'PX', positive(ttlMs));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.confirmed('SET', this.k(key), value, 'PX', positive(ttlMs), 'NX')) === 'OK';
  }

  async compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    const done = await this.confirmed('EVAL', COMPARE_AND_SET, 1, this.k(key), expected, next, positive(ttlMs));
    return done === 1;
  }

  // Removals are not confirmed: one lost in a failover only brings back a value that
  // was already used (a state, whose code the provider accepts once).
  take(key: string): Promise<string | null> {
    return this.tagged(() => this.redis.getdel(this.k(key)));
  }

  async delete(key: string): Promise<void> {
    await this.tagged(() => this.redis.del(this.k(key)));
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    return Number(await this.confirmed('EVAL', INCREMENT, 1, this.k(key), positive(ttlMs)));
  }

  async addMember(key: string, member: string, ttlMs: number): Promise<void> {
    await this.confirmed('EVAL', ADD_MEMBER, 1, this.k(key), member, positive(ttlMs));
  }

  members(key: string): Promise<string[]> {
    return this.tagged(() => this.redis.smembers(this.k(key)));
  }

  async ttl(key: string): Promise<number | null> {
    const ms = await this.tagged(() => this.redis.pttl(this.k(key)));
    return ms < 0 ? null : ms;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
    // quit() leaves Sentinel's failover watchers connected; disconnect() ends them too.
    this.redis.disconnect();
  }

  /**
   * Runs one write and, when replicas must confirm it, WAIT right behind it on the
   * same connection (one pipeline: in a Cluster, the node of the key). A write no
   * replica confirmed may vanish in a failover, so the step fails instead of
   * answering as if it were stored.
   */
  private async confirmed(command: string, ...args: (string | number)[]): Promise<unknown> {
    const { replicas, timeoutMs } = this.confirm;
    // Without replicas to wait for, a plain command: auto-pipelined with the others of its tick.
    if (replicas === 0) return this.tagged(() => this.redis.call(command, ...args));
    const [value, acknowledged] = await this.tagged(async () => {
      const results = await this.redis.pipeline().call(command, ...args).call('WAIT', replicas, timeoutMs).exec();
      return [pipelineResult(results, 0), Number(pipelineResult(results, 1))] as const;
    });
    if (acknowledged < replicas) {
      // Retryable, like any outage: the next attempt may reach a master with its replica back.
      throw this.outage(new Error(`Redis write confirmed by ${acknowledged} of ${replicas} replicas: it may be lost in a failover`));
    }
    return value;
  }

  /** "Cannot reach Redis" errors become DependencyUnavailable (a 503, logged once per outage). */
  private async tagged<T>(command: () => Promise<T>): Promise<T> {
    // A thunk: ioredis throws some errors at once ("Stream isn't writeable") instead of rejecting.
    try {
      return await command();
    } catch (err) {
      throw isRedisOutage(err) ? this.outage(err) : err;
    }
  }

  private k(key: string): string {
    return this.prefix + key;
  }
}

function pipelineResult(results: [Error | null, unknown][] | null, index: number): unknown {
  const [err, value] = results?.[index] ?? [new Error('Redis pipeline answered nothing'), null];
  if (err) throw err;
  return value;
}

function positive(ttlMs: number): number {
  if (!(ttlMs > 0)) throw new RangeError('every key needs a positive TTL');
  return Math.ceil(ttlMs);
}
