// Which errors mean "Postgres or Redis cannot serve us now" (503, retried) rather
// than a bug or a bad request.

import t from 'tap';
import { isPostgresOutage, isRedisOutage } from '../../src/adapters/dependency-outage.js';

const pgError = (code: string) => Object.assign(new Error(`SQLSTATE ${code}`), { code });

t.test('Postgres: unreachable, overloaded, restarting or read-only is an outage', async (t) => {
  for (const code of ['08006', '08001', '53300', '53100', '53200', '57P01', '57P03', '25006', 'ECONNREFUSED', 'ETIMEDOUT']) {
    t.ok(isPostgresOutage(pgError(code)), code);
  }
  t.ok(isPostgresOutage(new Error('Connection terminated unexpectedly')));
});

t.test('Postgres: a refused statement is not an outage', async (t) => {
  for (const code of ['22P05', '23505', '42P01', '42703', '40001', '25P02']) t.notOk(isPostgresOutage(pgError(code)), code);
  t.notOk(isPostgresOutage('ECONNREFUSED'), 'only errors');
});

t.test('Redis: a closed connection or a failover in progress is an outage', async (t) => {
  t.ok(isRedisOutage(new Error('Connection is closed.')));
  t.ok(isRedisOutage(new Error('READONLY You cannot write against a read only replica.')));
  t.ok(isRedisOutage(pgError('ECONNRESET')));
  t.notOk(isRedisOutage(new Error('ERR wrong number of arguments')));
});
