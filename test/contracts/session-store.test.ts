import t from 'tap';
import pino from 'pino';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import type { RedisConnection } from '../../src/adapters/redis/redis-connection.js';
import { RedisStore } from '../../src/adapters/redis/redis-store.js';
import { startRedisCluster, startSentinelSetup } from '../helpers/redis-servers.js';
import { sessionStoreContract } from './session-store.contract.js';

const logger = pino({ level: 'silent' });
const redisStore = (connection: RedisConnection, waitReplicas = 0) => () =>
  RedisStore.connect({ connection, keyPrefix: 'esia-bridge-test', commandTimeoutMs: 2000, waitReplicas }, logger);
const noAuth = { username: null, password: null, tls: false };

sessionStoreContract(t, 'memory', async () => new MemoryStore(logger));

const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  sessionStoreContract(t, 'redis', redisStore({ kind: 'url', url: redisUrl }));
} else {
  t.comment('REDIS_URL is not set: the single-server Redis run of the contract happens when it is');
}

// Sentinel and Cluster: servers of the test's own, started from redis-server.
t.test('through Sentinel', async (t) => {
  const setup = await startSentinelSetup(t);
  const sentinels = setup.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port }));
  sessionStoreContract(t, 'redis-sentinel', redisStore({ kind: 'sentinel', sentinels, masterName: setup.masterName, sentinelPassword: null, auth: noAuth }, 1));
});

t.test('on a three-master Cluster', async (t) => {
  const cluster = await startRedisCluster(t);
  const nodes = cluster.masters.map((m) => ({ host: '127.0.0.1', port: m.port }));
  sessionStoreContract(t, 'redis-cluster', redisStore({ kind: 'cluster', nodes, auth: noAuth }, 1));
});
