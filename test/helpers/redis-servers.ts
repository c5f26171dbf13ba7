// Real Redis servers of a test's own, on free loopback ports (the shared Redis on 6379
// is never touched): one server to pause, a three-master cluster with a replica per
// master, and a master with a replica watched by three sentinels. Each is stopped
// when the test ends.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Test } from 'tap';
import { freePort } from './free-port.js';

export interface RedisServer {
  port: number;
  url: string;
  /** A client of its own (closed with the server). */
  client: Redis;
  /** SIGSTOP: the server keeps its connections and answers nothing. */
  pause(): void;
  resume(): void;
  /** SIGKILL: gone at once, nothing flushed. */
  crash(): Promise<void>;
}

const HOST = '127.0.0.1';

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT');
  child.kill('SIGKILL');
  return exited;
}

export interface RedisServerOptions {
  /** Extra arguments; they override the defaults (no persistence). */
  args?: string[];
  port?: number;
  /** Working directory (the AOF lives there); default: a fresh one, removed at the end. */
  dir?: string;
}

/** One `redis-server` (or, with `--sentinel`, a sentinel). */
export async function startRedisServer(t: Test, options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'esia-bridge-redis-'));
  const port = options.port ?? (await freePort());
  // A sentinel rewrites its configuration file, so every server gets one of its own.
  const conf = join(dir, `redis-${port}.conf`);
  writeFileSync(conf, '');
  const defaults = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', '--dir', dir];
  const child = spawn('redis-server', [conf, ...defaults, ...(options.args ?? [])], { stdio: 'ignore' });
  // Should the test process end without its teardowns, the server goes with it.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  const client = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
  client.on('error', () => {});
  t.teardown(async () => {
    process.off('exit', orphaned);
    client.disconnect();
    await stop(child);
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  });
  await until(`redis on ${port}`, () => client.ping(), (pong) => pong === 'PONG');
  return {
    port,
    url: `redis://${HOST}:${port}`,
    client,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    crash: async () => {
      client.disconnect();
      await stop(child);
    },
  };
}

export interface RedisCluster {
  masters: RedisServer[];
  replicas: RedisServer[];
  /** REDIS_CLUSTER_NODES for the service. */
  nodes: string;
  /** Promotes the replica of the master that holds `key` (CLUSTER FAILOVER); resolves with it once it is the master. */
  failOver(key: string): Promise<RedisServer>;
}

/** Three masters splitting the 16384 slots, each with one replica. */
export async function startRedisCluster(t: Test): Promise<RedisCluster> {
  const busPorts = new Map<RedisServer, number>();
  const node = async () => {
    const busPort = await freePort();
    const server = await startRedisServer(t, { args: ['--cluster-enabled', 'yes', '--cluster-port', String(busPort), '--cluster-node-timeout', '2000'] });
    busPorts.set(server, busPort);
    return server;
  };
  const masters = await Promise.all([node(), node(), node()]);
  const replicas = await Promise.all([node(), node(), node()]);
  const all = [...masters, ...replicas];
  const third = Math.floor(16384 / 3);
  await Promise.all(masters.map((m, i) => m.client.call('CLUSTER', 'ADDSLOTSRANGE', String(i * third), String(i === 2 ? 16383 : (i + 1) * third - 1))));
  for (const other of all.slice(1)) await all[0]!.client.call('CLUSTER', 'MEET', HOST, String(other.port), String(busPorts.get(other)));
  const ids = await Promise.all(masters.map((m) => m.client.call('CLUSTER', 'MYID') as Promise<string>));
  for (const [i, replica] of replicas.entries()) {
    await until('the replica to know its master', () => replica.client.call('CLUSTER', 'REPLICATE', ids[i]!), (ok) => ok === 'OK');
  }
  await Promise.all(all.map((n) => until('cluster_state:ok', () => n.client.call('CLUSTER', 'INFO') as Promise<string>, (info) => info.includes('cluster_state:ok'))));
  await Promise.all(replicas.map((r) => until('replication', () => r.client.info('replication'), (info) => info.includes('master_link_status:up'))));

  return {
    masters,
    replicas,
    nodes: masters.map((m) => `${HOST}:${m.port}`).join(','),
    async failOver(key) {
      const slot = Number(await masters[0]!.client.call('CLUSTER', 'KEYSLOT', key));
      const index = Math.min(2, Math.floor(slot / third));
      const replica = replicas[index]!;
      await replica.client.call('CLUSTER', 'FAILOVER');
      await until('the replica to become master', () => replica.client.call('ROLE') as Promise<unknown[]>, (role) => role[0] === 'master');
      return replica;
    },
  };
}

export interface SentinelSetup {
  master: RedisServer;
  replica: RedisServer;
  sentinels: RedisServer[];
  masterName: string;
  /** REDIS_SENTINELS for the service. */
  nodes: string;
  /** SENTINEL FAILOVER; resolves with the replica as soon as it has become the master (clients may not know yet). */
  failOver(): Promise<RedisServer>;
}

/** A master, its replica and three sentinels (quorum 2). */
export async function startSentinelSetup(t: Test): Promise<SentinelSetup> {
  const masterName = 'esia';
  const master = await startRedisServer(t);
  const replica = await startRedisServer(t, { args: ['--replicaof', HOST, String(master.port)] });
  await until('replication', () => replica.client.info('replication'), (info) => info.includes('master_link_status:up'));
  const sentinelArgs = [
    '--sentinel',
    '--sentinel', 'monitor', masterName, HOST, String(master.port), '2',
    '--sentinel', 'down-after-milliseconds', masterName, '1000',
    '--sentinel', 'failover-timeout', masterName, '5000',
  ];
  const sentinels = await Promise.all([1, 2, 3].map(() => startRedisServer(t, { args: sentinelArgs })));
  const replicasSeen = (s: RedisServer) => s.client.call('SENTINEL', 'REPLICAS', masterName) as Promise<unknown[]>;
  await Promise.all(sentinels.map((s) => until('the sentinel to see the replica', () => replicasSeen(s), (r) => r.length === 1)));

  return {
    master,
    replica,
    sentinels,
    masterName,
    nodes: sentinels.map((s) => `${HOST}:${s.port}`).join(','),
    async failOver() {
      await until('a failover to start', () => sentinels[0]!.client.call('SENTINEL', 'FAILOVER', masterName), (ok) => ok === 'OK');
      await until('the replica to become master', () => replica.client.call('ROLE') as Promise<unknown[]>, (role) => role[0] === 'master', 30_000);
      return replica;
    },
  };
}
