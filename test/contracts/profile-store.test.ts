import pino from 'pino';
import t from 'tap';
import { openDatabase } from '../../src/adapters/postgres/database.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { postgresProfileStore } from '../../src/adapters/postgres/profile-store.js';
import { memoryProfileStore } from '../fakes/memory-profile-store.js';
import { freshDatabaseUrl } from '../helpers/fresh-database.js';
import { tempDir } from '../helpers/service.js';
import { profileStoreContract } from './profile-store.contract.js';

const logger = pino({ level: 'silent' });

async function database(url: string | null) {
  const db = await openDatabase({ url, poolMax: 5, dataDir: tempDir(t) }, logger);
  t.teardown(() => db.close());
  await migrate(db.pool, logger);
  return postgresProfileStore(db.pool);
}

profileStoreContract(t, 'in-memory fake', async () => memoryProfileStore());
profileStoreContract(t, 'pglite', () => database(null));
if (process.env.DATABASE_URL) {
  profileStoreContract(t, 'postgres', async () => database(await freshDatabaseUrl(t)));
} else {
  t.comment('DATABASE_URL is not set: the Postgres run of the contract happens when it is');
}
