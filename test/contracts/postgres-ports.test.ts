import pino from 'pino';
import t from 'tap';
import { openDatabase } from '../../src/adapters/postgres/database.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { freshDatabaseUrl } from '../helpers/fresh-database.js';
import { tempDir } from '../helpers/service.js';
import { postgresPortsContract } from './postgres-ports.contract.js';

const logger = pino({ level: 'silent' });

async function database(url: string | null) {
  const db = await openDatabase({ url, poolMax: 5, dataDir: tempDir(t) }, logger);
  t.teardown(() => db.close());
  await migrate(db.pool, logger);
  return db;
}

postgresPortsContract(t, 'pglite', () => database(null));
if (process.env.DATABASE_URL) {
  postgresPortsContract(t, 'postgres', async () => database(await freshDatabaseUrl(t)));
} else {
  t.comment('DATABASE_URL is not set: the Postgres run of the contract happens when it is');
}
