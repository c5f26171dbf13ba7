// The embedded PGlite behind the same `pg` pool: a failed query must not cost the
// next one (the request after any database error used to fail as well).

import pino from 'pino';
import t from 'tap';
import { openDatabase } from '../../../src/adapters/postgres/database.js';
import { tempDir } from '../../helpers/service.js';

t.test('the query after a failed one succeeds', async (t) => {
  const db = await openDatabase({ url: null, poolMax: 10, dataDir: tempDir(t) }, pino({ level: 'silent' }));
  t.teardown(() => db.close());
  for (let i = 0; i < 3; i++) {
    await t.rejects(db.pool.query('SELECT * FROM no_such_table'), /does not exist/);
    t.same((await db.pool.query('SELECT $1::int AS n', [i])).rows, [{ n: i }], `round ${i}: the next query works`);
  }
});
