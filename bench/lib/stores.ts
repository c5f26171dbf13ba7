// The stores a run uses: Postgres and Redis from DATABASE_URL / REDIS_URL when set
// (a database and a key prefix of the run's own, removed afterwards), else the
// service's embedded defaults (PGlite in a temporary folder, the in-process store),
// which the report labels as such.

import { Redis } from 'ioredis';
import pg from 'pg';

export interface BenchStores {
  /** The service's DATABASE_URL, or null for embedded PGlite. */
  databaseUrl: string | null;
  redisUrl: string | null;
  redisPrefix: string;
  /** A connection of the benchmark's own, for INFO memory and the clean-up. */
  redis: Redis | null;
  /** How the report names them, e.g. "Postgres (fresh database) + Redis". */
  label: string;
  cleanup(): Promise<void>;
}

export async function prepareStores(runId: string, env: NodeJS.ProcessEnv = process.env): Promise<BenchStores> {
  const database = env.DATABASE_URL ? await freshDatabase(env.DATABASE_URL, `esia_bridge_bench_${runId}`) : null;
  const redisPrefix = `esia-bridge-bench-${runId}`;
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 }) : null;
  await redis?.connect();
  const label = [
    database ? `Postgres${database.own ? '' : ' (the shared database: no CREATEDB)'}` : 'embedded PGlite (DATABASE_URL unset)',
    redis ? 'Redis' : 'in-process store (REDIS_URL unset)',
  ].join(' + ');
  return {
    databaseUrl: database?.url ?? null,
    redisUrl: env.REDIS_URL || null,
    redisPrefix,
    redis,
    label,
    async cleanup() {
      if (redis) {
        await deleteByPrefix(redis, redisPrefix);
        await redis.quit();
      }
      await database?.drop();
    },
  };
}

/** A database of the run's own next to DATABASE_URL; the shared one if the role may not create databases. */
async function freshDatabase(shared: string, name: string): Promise<{ url: string; own: boolean; drop(): Promise<void> }> {
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: shared });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  try {
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
  } catch {
    return { url: shared, own: false, drop: async () => {} };
  }
  const url = new URL(shared);
  url.pathname = `/${name}`;
  return { url: url.toString(), own: true, drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}) };
}

export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
}

async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
