// Runs node-pg-migrate in a worker thread, on a connection of its own, and posts the
// names of the migrations it applied. The migration library and its loaders stay in
// the worker: once it exits, the service does not carry them for its whole life.
// Plain JavaScript on purpose: a worker gets no TypeScript loader in development.

import { parentPort, workerData } from 'node:worker_threads';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

/** @type {{ connection: import('pg').ClientConfig; dir: string }} */
const job = workerData;
const client = new pg.Client({ ...job.connection, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  const applied = await runner({
    dbClient: client,
    dir: job.dir,
    direction: 'up',
    migrationsTable: 'schema_migrations',
    advisoryLockMode: 'wait',
    checkOrder: true,
    log: () => {},
  });
  parentPort?.postMessage({ applied: applied.map((m) => m.name) });
} catch (err) {
  parentPort?.postMessage({ error: describe(err) });
} finally {
  await client.end().catch(() => undefined);
}

/**
 * The message and code of a failure. A refused connection to a host with several
 * addresses is an AggregateError with an empty message: its first error says why.
 * @param {unknown} err
 */
function describe(err) {
  const first = err instanceof AggregateError && err.errors.length > 0 ? err.errors[0] : err;
  const message = first instanceof Error ? first.message : String(first);
  const code = /** @type {{ code?: unknown }} */ (first)?.code;
  return { message: message || String(first), code: typeof code === 'string' ? code : undefined };
}
