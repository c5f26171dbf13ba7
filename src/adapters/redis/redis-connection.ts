// Opens ioredis for one of three topologies: a single server (a URL), a master found
// through Sentinel, or a Cluster. The same rules hold for all three: no offline queue
// (while Redis is away a command fails at once instead of piling up in memory), and a
// command timeout, so a paused or unreachable Redis never holds a request longer.

import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export interface HostPort {
  host: string;
  port: number;
}

/** Credentials and TLS of the Redis servers (and sentinels); a URL carries its own. */
export interface RedisAuth {
  username: string | null;
  password: string | null;
  tls: boolean;
}

export type RedisConnection =
  | { kind: 'url'; url: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; masterName: string; sentinelPassword: string | null; auth: RedisAuth }
  | { kind: 'cluster'; nodes: HostPort[]; auth: RedisAuth };

export interface RedisTarget {
  connection: RedisConnection;
  keyPrefix: string;
  commandTimeoutMs: number;
  /** Replicas that must confirm each write (WAIT); 0: none. */
  waitReplicas: number;
}

export type RedisClient = Redis | Cluster;

export async function openRedis(target: RedisTarget, logger: Logger): Promise<RedisClient> {
  const client = createClient(target.connection, commonOptions(target.commandTimeoutMs));
  client.on('error', (err: Error) => logger.warn({ event: 'redis.error', err: { message: err.message } }, 'redis error'));
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw err;
  }
  return client;
}

function commonOptions(commandTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    commandTimeout: commandTimeoutMs,
    // Commands issued in the same tick (many logins at once) leave in one write.
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    // A master demoted by a failover answers writes with READONLY: reconnect (to the
    // new master, through Sentinel or DNS) and send the command again.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  };
}

function createClient(connection: RedisConnection, common: RedisOptions): RedisClient {
  switch (connection.kind) {
    case 'url':
      return new Redis(connection.url, common);
    case 'sentinel':
      return new Redis({
        ...common,
        ...authOptions(connection.auth),
        sentinels: connection.sentinels,
        name: connection.masterName,
        sentinelPassword: connection.sentinelPassword ?? undefined,
        sentinelTLS: connection.auth.tls ? {} : undefined,
        enableTLSForSentinelMode: connection.auth.tls,
        sentinelCommandTimeout: common.commandTimeout,
        // Sentinel announces a switch of master on its channel: move at once rather
        // than wait for the old master's connection to break.
        failoverDetector: true,
      });
    case 'cluster':
      return new Cluster(connection.nodes, clusterOptions(common, connection.auth));
  }
}

function clusterOptions(common: RedisOptions, auth: RedisAuth): ClusterOptions {
  const { lazyConnect, enableOfflineQueue, ...perNode } = common;
  return {
    lazyConnect,
    enableOfflineQueue,
    clusterRetryStrategy: (times) => Math.min(times * 200, 2000),
    slotsRefreshTimeout: common.commandTimeout,
    redisOptions: { ...perNode, ...authOptions(auth) },
  };
}

function authOptions(auth: RedisAuth): RedisOptions {
  return {
    username: auth.username ?? undefined,
    password: auth.password ?? undefined,
    tls: auth.tls ? {} : undefined,
  };
}
