// A migrated database of the test's own: a temporary embedded PGlite, or, when
// DATABASE_URL is set, a temporary database created next to it (so the signing_keys
// table starts empty), dropped when the test ends. A role that may not create
// databases gets the DATABASE_URL database itself, with signing_keys emptied.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Test } from 'tap';
import { openDatabase, type Database } from '../../../src/adapters/postgres/database.js';
import { migrate } from '../../../src/adapters/postgres/migrate.js';
import { freshDatabaseUrl } from '../../helpers/fresh-database.js';

export interface TestDatabase extends Database {
  /** The connection string (null for PGlite): a second pool on it acts as a second process. */
  url: string | null;
}

export async function openTestDatabase(t: Test): Promise<TestDatabase> {
  const logger = pino({ level: 'silent' });
  const dataDir = mkdtempSync(join(tmpdir(), 'esia-bridge-keys-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

  const shared = process.env.DATABASE_URL ?? null;
  const url = await freshDatabaseUrl(t);
  const db = await openDatabase({ url, poolMax: 2, dataDir }, logger);
  t.teardown(() => db.close());
  await migrate(db.pool, logger);
  if (shared && url === shared) await db.pool.query('DELETE FROM signing_keys');
  return { ...db, url };
}
