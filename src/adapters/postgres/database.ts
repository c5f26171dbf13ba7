// One `pg` pool for every deployment. Without DATABASE_URL the pool talks to an
// embedded PGlite (real Postgres in WebAssembly) through pglite-socket, so there is
// one repository implementation. PGlite is a single Postgres session and the socket
// server queues all connections into it, so concurrent transactions would interleave:
// the embedded pool is pinned to exactly one connection. The socket server takes a
// second one: `pg` replaces a connection whose query failed, and the socket server
// closes the old one a moment later; with room for one only, the replacement would
// be turned away and the request after any database error would fail too.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DependencyMetrics } from '../../observability/metrics.js';
import { isPostgresOutage, outageReporter } from '../dependency-outage.js';
import { lockDataDir } from './embedded-lock.js';

export interface Database {
  pool: pg.Pool;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string | null;
  poolMax: number;
  dataDir: string;
  /**
   * How long Postgres may take to lend a connection or to answer one statement
   * (external Postgres only; none when absent). See `bounded`.
   */
  queryTimeoutMs?: number;
}

export async function openDatabase(options: DatabaseOptions, logger: Logger, metrics?: DependencyMetrics): Promise<Database> {
  if (options.url) return external(options, options.url, logger, metrics);
  return embedded(options.dataDir, logger, metrics);
}

function external(options: DatabaseOptions, url: string, logger: Logger, metrics?: DependencyMetrics): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.poolMax, ...bounded(options.queryTimeoutMs) });
  watch(pool, logger);
  return { pool: tagOutages(pool, logger, metrics), kind: 'postgres', close: () => pool.end() };
}

/** Without a timeout of its own, a connection attempt still gives up after this. */
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
/** The client's own deadline comes this long after the server's. */
const CLIENT_DEADLINE_MARGIN_MS = 1000;

/**
 * A slow statement (a lock wait, an overloaded server) is cancelled by Postgres
 * itself (statement_timeout, SQLSTATE 57014), so its backend stops rather than
 * piling up behind connections the client gave up on. A server that does not answer
 * at all (stopped, partitioned) cannot cancel anything, so the client gives up a
 * little later (query_timeout) and the pool discards that connection. Waiting for a
 * connection, new or from a busy pool, has the same bound. Behind PgBouncer, list
 * statement_timeout in its ignore_startup_parameters or set it on the pooler's side.
 */
function bounded(timeoutMs: number | undefined): pg.PoolConfig {
  if (timeoutMs === undefined) return { connectionTimeoutMillis: DEFAULT_CONNECT_TIMEOUT_MS };
  return { connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs, query_timeout: timeoutMs + CLIENT_DEADLINE_MARGIN_MS };
}

// PGlite is loaded only here: a deployment on Postgres does not carry it.
async function embedded(dataDir: string, logger: Logger, metrics?: DependencyMetrics): Promise<Database> {
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite-socket')]);
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  const db = await PGlite.create(dir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  const pool = new pg.Pool({ host, port: Number(port), user: 'postgres', database: 'postgres', max: 1 });
  watch(pool, logger);
  logger.info({ event: 'database.embedded', dataDir: dir }, 'embedded PGlite database (development only)');
  return {
    pool: tagOutages(pool, logger, metrics),
    kind: 'pglite',
    close: async () => {
      await pool.end();
      await server.stop();
      await db.close();
      unlock();
    },
  };
}

// An idle client losing its connection emits 'error' on the pool; unhandled, it would
// crash the process. The next query reconnects, and /readyz reports the outage.
function watch(pool: pg.Pool, logger: Logger): void {
  pool.on('error', (err) => logger.warn({ event: 'database.connection_lost', err }, 'database connection lost'));
}

/** The pool (and the clients it lends) with "cannot reach Postgres" errors tagged as such. */
function tagOutages(pool: pg.Pool, logger: Logger, metrics?: DependencyMetrics): pg.Pool {
  const outage = outageReporter('postgres', logger, { metrics });
  const rethrow = (err: unknown): never => {
    throw isPostgresOutage(err) ? outage(err) : err;
  };
  const tagClient = (client: pg.PoolClient): pg.PoolClient => {
    const clientQuery = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    return new Proxy(client, {
      get(target, key) {
        if (key === 'query') return (...args: unknown[]) => clientQuery(...args).catch(rethrow);
        return Reflect.get(target, key, target);
      },
    });
  };
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  return new Proxy(pool, {
    get(target, key) {
      if (key === 'query') return (...args: unknown[]) => query(...args).catch(rethrow);
      if (key === 'connect') return () => connect().then(tagClient, rethrow);
      return Reflect.get(target, key, target);
    },
  });
}

export async function pingDatabase(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}
