// Wires the adapters to the app: database (and migrations), login-state store, the
// development demo client, readiness checks. main.ts and end-to-end tests start the
// service through here.

import type { Logger } from 'pino';
import { buildApp, type App } from './app.js';
import type { DevOutbox } from './adapters/delivery/dev-outbox.js';
import { MemoryStore } from './adapters/memory/memory-store.js';
import type { AuditWriter } from './adapters/postgres/audit-writer.js';
import { cachedClientDirectory } from './adapters/cached-client-directory.js';
import { apiClientsRepository } from './adapters/postgres/api-clients-repository.js';
import { postgresProfileStore } from './adapters/postgres/profile-store.js';
import { createLoginFlow } from './login-flow.js';
import { openDatabase, pingDatabase, type Database } from './adapters/postgres/database.js';
import { migrate } from './adapters/postgres/migrate.js';
import { RedisStore } from './adapters/redis/redis-store.js';
import { hashClientSecret } from './auth/client-secret.js';
import type { Config } from './config/index.js';
import { PERMISSIONS } from './domain/permissions.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { startMetricsServer } from './observability/metrics-server.js';
import type { SessionStore } from './ports/session-store.js';

export interface Service {
  app: App;
  db: Database;
  store: SessionStore;
  /** The development channel's messages (codes and full destinations), for tests; never served outside config.devHelpers. */
  outbox: DevOutbox | null;
  /** The audit trail's writer (its flush lets a test read what was just recorded). */
  audit: AuditWriter;
  /** What GET /metrics on the metrics listener exposes (tests read it directly too). */
  metrics: Metrics;
  /** The metrics listener's port, when METRICS_PORT asks for one. */
  metricsPort: number | null;
  /** From now on /readyz answers 503 while requests are still served (the drain before close). */
  drain(): void;
  close(): Promise<void>;
}

export const DEMO_CLIENT_ID = 'demo';

export async function startService(config: Config, logger: Logger, options: { describeApi?: boolean } = {}): Promise<Service> {
  const metrics = createMetrics({ processMetrics: config.metricsPort !== null });
  const db = await openDatabase(config.database, logger, metrics);
  metrics.watchPool(db.pool);
  const closers: (() => Promise<void>)[] = [() => db.close()];
  try {
    if (config.database.migrateOnStart) await migrate(db.pool, logger);
    const store = await openStore(config, logger, metrics);
    closers.unshift(() => store.close());
    if (config.demoClient) await seedDemoClient(db, config);
    const login = await createLoginFlow(config, db, store, logger, metrics);
    closers.unshift(() => login.close());
    if (config.sandbox) await seedSandboxProfiles(db, login.flow.provider.issuer, logger);

    const lifecycle = { draining: false };
    const readiness = [
      { name: 'postgres', check: () => pingDatabase(db.pool) },
      { name: config.redis.connection ? 'redis' : 'memory_store', check: () => store.ping() },
      { name: 'provider', check: () => login.flow.provider.check() },
    ];
    metrics.watchReadiness(readiness);
    const app = await buildApp({
      ...options,
      config,
      logger,
      lifecycle,
      readiness,
      metrics: metrics.http,
      api: {
        flow: login.flow,
        clients: cachedClientDirectory(apiClientsRepository(db.pool), { ttlMs: config.apiClientCacheMs }),
        clientSecretPepper: config.clientSecretPepper,
        redirectUri: config.provider.redirectUri,
        outbox: config.devHelpers ? login.outbox : null,
      },
    });
    closers.unshift(() => app.close());
    const metricsServer = config.metricsPort === null ? null : await startMetricsServer(metrics.registry, { port: config.metricsPort, host: config.host }, logger);
    if (metricsServer) closers.unshift(() => metricsServer.close());
    return {
      app,
      db,
      store,
      outbox: login.outbox,
      audit: login.audit,
      metrics,
      metricsPort: metricsServer?.port ?? null,
      drain: () => void (lifecycle.draining = true),
      close: () => closeAll(closers),
    };
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
}

function openStore(config: Config, logger: Logger, metrics: Metrics): Promise<SessionStore> {
  const { connection, ...options } = config.redis;
  if (connection) return RedisStore.connect({ connection, ...options }, logger, metrics);
  return Promise.resolve(new MemoryStore(logger));
}

// The demo client may try every route: it exists only in development on loopback.
async function seedDemoClient(db: Database, config: Config): Promise<void> {
  const demo = config.demoClient;
  if (!demo) return;
  await apiClientsRepository(db.pool).upsert({
    id: DEMO_CLIENT_ID,
    name: 'Demo client (development)',
    secretHash: hashClientSecret(demo.secret, config.clientSecretPepper),
    returnUrls: demo.returnUrls,
    permissions: PERMISSIONS,
  });
}

async function seedSandboxProfiles(db: Database, provider: string, logger: Logger): Promise<void> {
  const { seedProfiles } = await import('./sandbox/seed-profiles.js');
  const created = await seedProfiles(postgresProfileStore(db.pool), provider, new Date());
  if (created > 0) logger.info({ event: 'dev.profiles_seeded', created }, 'seeded development profiles for the sandbox personas');
}

async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  for (const close of closers) await close();
}
