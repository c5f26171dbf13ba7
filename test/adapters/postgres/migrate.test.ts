// Migrations that cannot reach Postgres fail in bounded time and say why, with the
// error's code, so start-up reports an outage rather than an empty message.

import pg from 'pg';
import pino from 'pino';
import t from 'tap';
import { isPostgresOutage } from '../../../src/adapters/dependency-outage.js';
import { migrate } from '../../../src/adapters/postgres/migrate.js';
import { freePort } from '../../helpers/free-port.js';
import { silentServer } from '../../helpers/silent-server.js';

const silent = pino({ level: 'silent' });

t.test('a refused connection (on every address of the host) is named, with its code', async (t) => {
  const pool = new pg.Pool({ host: 'localhost', port: await freePort(), user: 'postgres', database: 'postgres' });
  t.teardown(() => pool.end());
  const err = (await migrate(pool, silent).then(
    () => t.fail('migrated without a server'),
    (e: unknown) => e,
  )) as Error & { code?: string };
  t.equal(err.code, 'ECONNREFUSED');
  t.match(err.message, /ECONNREFUSED/);
  t.ok(isPostgresOutage(err), 'start-up reads it as an outage');
});

t.test('a server that never answers fails the migration within the connection timeout', async (t) => {
  const pool = new pg.Pool({ host: '127.0.0.1', port: await silentServer(t), user: 'postgres', database: 'postgres' });
  t.teardown(() => pool.end());
  const started = Date.now();
  await t.rejects(migrate(pool, silent), /timeout/i);
  t.ok(Date.now() - started < 15_000, 'bounded by the connection timeout');
});
