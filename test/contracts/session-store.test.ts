import t from 'tap';
import pino from 'pino';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { RedisStore } from '../../src/adapters/redis/redis-store.js';
import { sessionStoreContract } from './session-store.contract.js';

const logger = pino({ level: 'silent' });

sessionStoreContract(t, 'memory', async () => new MemoryStore(logger));

const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  sessionStoreContract(t, 'redis', () => RedisStore.connect(redisUrl, 'esia-bridge-test', logger));
} else {
  t.comment('REDIS_URL is not set: the Redis run of the contract happens when it is');
}
