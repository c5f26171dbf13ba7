// Each test service gets a database of its own when DATABASE_URL is set: a new
// database created next to it and dropped when the test ends, so tests never see
// each other's profiles. Without DATABASE_URL the embedded PGlite in a temporary
// folder is already fresh. A role that may not create databases gets the shared one.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Test } from 'tap';

export async function freshDatabaseUrl(t: Test): Promise<string | null> {
  const shared = process.env.DATABASE_URL;
  if (!shared) return null;
  const name = `esia_bridge_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: shared });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch {
    return shared;
  } finally {
    await admin.end();
  }
  // Registered before the pool's close, so it runs after it (teardowns run last-in first-out).
  t.teardown(async () => {
    const drop = new pg.Client({ connectionString: shared });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => drop.end());
  });
  const url = new URL(shared);
  url.pathname = `/${name}`;
  return url.toString();
}
