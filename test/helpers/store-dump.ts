// Every key and value a test service keeps in its session store, read behind the
// service's back: from Redis by its key prefix, or from the in-process map. Tests
// use it to prove what is (not) kept at rest.

import { Redis } from 'ioredis';
import type { Service } from '../../src/service.js';
import type { Config } from '../../src/config/index.js';

export async function dumpStore(service: Service & { config: Config }): Promise<[string, string][]> {
  const { connection, keyPrefix } = service.config.redis;
  const url = connection?.kind === 'url' ? connection.url : null;
  if (!url) {
    const entries = (service.store as unknown as { entries: Map<string, { value: string }> }).entries;
    return [...entries].map(([key, entry]) => [key, entry.value]);
  }
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${keyPrefix}:*`);
    const pairs: [string, string][] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      const value = type === 'set' ? JSON.stringify(await redis.smembers(key)) : ((await redis.get(key)) ?? '');
      pairs.push([key.slice(keyPrefix.length + 1), value]);
    }
    return pairs;
  } finally {
    redis.disconnect();
  }
}

/** Every row of every table of the service's database, as text. */
export async function dumpDatabase(service: Service): Promise<string> {
  const { rows: tables } = await service.db.pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  let text = '';
  for (const { name } of tables) {
    const { rows } = await service.db.pool.query(`SELECT * FROM "${name}"`);
    text += `${name}: ${JSON.stringify(rows)}\n`;
  }
  return text;
}
