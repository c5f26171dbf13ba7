// The Redis SessionStore. Keys carry one prefix; multi-step operations run as Lua
// scripts so they stay atomic. The offline queue is off: while Redis is down every
// call fails at once (and /readyz says so) instead of piling up in memory.

import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SessionStore } from '../../ports/session-store.js';

const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

const ADD_MEMBER = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

export class RedisStore implements SessionStore {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, keyPrefix: string, logger: Logger): Promise<RedisStore> {
    const redis = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    redis.on('error', (err: Error) => logger.warn({ event: 'redis.error', err: { message: err.message } }, 'redis error'));
    await redis.connect();
    return new RedisStore(redis, `${keyPrefix}:`);
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.k(key));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.k(key), value, 'PX', positive(ttlMs));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.k(key), value, 'PX', positive(ttlMs), 'NX')) === 'OK';
  }

  async compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    const done = await this.redis.eval(COMPARE_AND_SET, 1, this.k(key), expected, next, positive(ttlMs));
    return done === 1;
  }

  async take(key: string): Promise<string | null> {
    return this.redis.getdel(this.k(key));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.k(key));
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    return Number(await this.redis.eval(INCREMENT, 1, this.k(key), positive(ttlMs)));
  }

  async addMember(key: string, member: string, ttlMs: number): Promise<void> {
    await this.redis.eval(ADD_MEMBER, 1, this.k(key), member, positive(ttlMs));
  }

  async members(key: string): Promise<string[]> {
    return this.redis.smembers(this.k(key));
  }

  async ttl(key: string): Promise<number | null> {
    const ms = await this.redis.pttl(this.k(key));
    return ms < 0 ? null : ms;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private k(key: string): string {
    return this.prefix + key;
  }
}

function positive(ttlMs: number): number {
  if (!(ttlMs > 0)) throw new RangeError('every key needs a positive TTL');
  return Math.ceil(ttlMs);
}
