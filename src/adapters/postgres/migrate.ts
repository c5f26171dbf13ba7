// Applies the SQL files in migrations/ with node-pg-migrate. Its advisory lock (here
// in 'wait' mode) lets two instances start at once: the second waits, then finds
// nothing left to do.

import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';
import type { Logger } from 'pino';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

export async function migrate(pool: pg.Pool, logger: Logger): Promise<string[]> {
  const client = await pool.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'schema_migrations',
      advisoryLockMode: 'wait',
      checkOrder: true,
      log: () => {},
    });
    const names = applied.map((m) => m.name);
    logger.info({ event: 'database.migrated', applied: names }, `migrations applied: ${names.length}`);
    return names;
  } finally {
    client.release();
  }
}
