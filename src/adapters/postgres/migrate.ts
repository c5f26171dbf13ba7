// Applies the SQL files in migrations/ with node-pg-migrate. Its advisory lock (here
// in 'wait' mode) lets two instances start at once: the second waits, then finds
// nothing left to do. The migration runs in a worker thread (migrate-worker.ts): the
// library is needed for a moment at start and would otherwise stay resident.

import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import type { Logger } from 'pino';

interface MigrateJob {
  connection: pg.ClientConfig;
  dir: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

const WORKER = new URL('./migrate-worker.mjs', import.meta.url);

export async function migrate(pool: pg.Pool, logger: Logger): Promise<string[]> {
  const { connectionString, host, port, user, password, database, ssl } = pool.options;
  const job: MigrateJob = { connection: { connectionString, host, port, user, password, database, ssl }, dir: MIGRATIONS_DIR };
  const worker = new Worker(WORKER, { workerData: job });
  let answer: { applied?: string[]; error?: { message: string; code?: string } } = {
    error: { message: 'the migration worker exited without an answer' },
  };
  worker.on('message', (message: typeof answer) => (answer = message));
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', () => resolve());
  });
  if (answer.error !== undefined) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  const names = answer.applied ?? [];
  logger.info({ event: 'database.migrated', applied: names }, `migrations applied: ${names.length}`);
  return names;
}
