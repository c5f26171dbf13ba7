// Shared start-up for the command-line tools: the same configuration and database as
// the service, with logs kept quiet so the output is the tool's own.

import pino from 'pino';
import { ConfigError, loadConfig, type Config } from '../config/index.js';
import { fileDevSecrets } from '../config/dev-secrets.js';
import { openDatabase, type Database } from '../adapters/postgres/database.js';

export async function withDatabase(work: (db: Database, config: Config) => Promise<void>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, fileDevSecrets);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) process.stderr.write(`configuration error: ${problem}\n`);
    process.exit(1);
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const db = await openDatabase(config.database, logger);
  try {
    await work(db, config);
  } finally {
    await db.close();
  }
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
