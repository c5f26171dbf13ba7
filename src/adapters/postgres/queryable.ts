// What a repository needs to run SQL: the pool, or a client inside a transaction.

import type pg from 'pg';
import { DependencyUnavailable } from '../dependency-outage.js';

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * Runs `work` in a transaction. When Postgres could not be reached (or did not answer
 * in time) the connection is discarded without a ROLLBACK: it may still carry the
 * unanswered query, so a ROLLBACK would wait behind it and the next borrower too;
 * Postgres rolls back a transaction whose connection closes. A ROLLBACK that fails
 * discards the connection as well.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    if (err instanceof DependencyUnavailable) broken = err;
    else await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
    throw err;
  } finally {
    client.release(broken);
  }
}
