// `esia-bridge migrate`: applies pending migrations (a no-op when there are none).

import pino from 'pino';
import { migrate } from '../adapters/postgres/migrate.js';
import { withDatabase } from './context.js';

export async function runMigrate(): Promise<void> {
  await withDatabase(async (db) => {
    const applied = await migrate(db.pool, pino({ level: 'silent' }));
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'nothing to apply\n');
  });
}
