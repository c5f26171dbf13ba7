// Where login state lives: one Redis (REDIS_URL), a master found through Sentinel
// (REDIS_SENTINELS) or a Cluster (REDIS_CLUSTER_NODES) — at most one of them; none
// means the in-process store, which production refuses.

import type { HostPort, RedisAuth, RedisConnection } from '../adapters/redis/redis-connection.js';
import * as p from './parsers.js';
import type { ConfigReader } from './reader.js';

export interface RedisConfig {
  /** null: the in-process store (one instance, development only). */
  connection: RedisConnection | null;
  keyPrefix: string;
  commandTimeoutMs: number;
  waitReplicas: number;
}

const TOPOLOGIES = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const;
const SENTINEL_ONLY = ['REDIS_SENTINEL_MASTER', 'REDIS_SENTINEL_PASSWORD'] as const;
const AUTH = ['REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS'] as const;

export function redisSection(r: ConfigReader): RedisConfig {
  const connection = redisConnection(r);
  // A Sentinel or Cluster set-up has replicas to fail over to: by default each write
  // waits for one, so a failover never loses a step that was answered.
  const replicated = r.has('REDIS_SENTINELS') || r.has('REDIS_CLUSTER_NODES');
  return {
    connection,
    keyPrefix: r.get('REDIS_KEY_PREFIX', keyPrefix, 'esia-bridge') ?? 'esia-bridge',
    commandTimeoutMs: r.get('REDIS_COMMAND_TIMEOUT_MS', p.integer(50, 60_000), '2000') ?? 2000,
    waitReplicas: r.get('REDIS_WAIT_REPLICAS', p.integer(0, 10), replicated ? '1' : '0') ?? 0,
  };
}

/** Whether a Redis of any topology is configured (production requires one). */
export function hasRedis(r: ConfigReader): boolean {
  return TOPOLOGIES.some((name) => r.has(name));
}

function redisConnection(r: ConfigReader): RedisConnection | null {
  const given = TOPOLOGIES.filter((name) => r.has(name));
  if (given.length > 1) {
    r.note(`only one of ${TOPOLOGIES.join(', ')} may be set (found ${given.join(' and ')})`);
  }
  const url = r.get('REDIS_URL', p.urlWithProtocol('redis:', 'rediss:'));
  const sentinels = r.get('REDIS_SENTINELS', p.hostPortList(26379));
  const nodes = r.get('REDIS_CLUSTER_NODES', p.hostPortList(6379));
  if (!r.has('REDIS_SENTINELS')) refuseUnless(r, SENTINEL_ONLY, 'REDIS_SENTINELS');
  if (!r.has('REDIS_SENTINELS') && !r.has('REDIS_CLUSTER_NODES')) refuseUnless(r, AUTH, 'REDIS_SENTINELS or REDIS_CLUSTER_NODES (a REDIS_URL carries its own: rediss://user:password@host:port)');
  if (given.length !== 1) return null;
  if (url) return { kind: 'url', url };
  if (sentinels) return sentinelConnection(r, sentinels);
  return nodes ? { kind: 'cluster', nodes, auth: auth(r) } : null;
}

function sentinelConnection(r: ConfigReader, sentinels: HostPort[]): RedisConnection | null {
  const masterName = r.get('REDIS_SENTINEL_MASTER', p.text);
  if (!masterName) {
    r.problem('REDIS_SENTINEL_MASTER', 'is required with REDIS_SENTINELS');
    return null;
  }
  const sentinelPassword = r.get('REDIS_SENTINEL_PASSWORD', p.text) ?? null;
  return { kind: 'sentinel', sentinels, masterName, sentinelPassword, auth: auth(r) };
}

function auth(r: ConfigReader): RedisAuth {
  return {
    username: r.get('REDIS_USERNAME', p.text) ?? null,
    password: r.get('REDIS_PASSWORD', p.text) ?? null,
    tls: r.get('REDIS_TLS', p.boolean, 'false') ?? false,
  };
}

function refuseUnless(r: ConfigReader, names: readonly (typeof SENTINEL_ONLY | typeof AUTH)[number][], needed: string): void {
  for (const name of names) if (r.has(name)) r.problem(name, `applies only with ${needed}`);
}

function keyPrefix(raw: string): string {
  const prefix = p.text(raw);
  // A brace would make the prefix the Cluster hash tag: every key in one slot.
  if (/[{}]/.test(prefix)) throw new Error('must not contain { or } (Redis Cluster would put every key in one slot)');
  return prefix;
}
