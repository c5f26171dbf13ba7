// The service's configuration: read once at start from the environment, validated,
// typed. In production every unsafe development default is refused.

import * as p from './parsers.js';
import { ConfigReader } from './reader.js';

export { ConfigError } from './reader.js';

export type NodeEnv = 'development' | 'test' | 'production';

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  publicUrl: string;
  database: { url: string | null; poolMax: number; dataDir: string; migrateOnStart: boolean };
  redis: { url: string | null; keyPrefix: string };
  logLevel: string;
  trustProxy: boolean | number | string[];
  bodyLimitBytes: number;
  shutdownGraceMs: number;
  clientSecretPepper: string;
  demoClient: { secret: string; secretGenerated: boolean; returnUrls: string[] } | null;
}

/** Supplies development-only generated secrets (kept in DATA_DIR so they survive restarts). */
export type DevSecrets = (name: string, dataDir: string) => string;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv, devSecrets: DevSecrets): Config {
  const r = new ConfigReader(env);
  const nodeEnv = r.get('NODE_ENV', p.oneOf<NodeEnv>('development', 'test', 'production'), 'development') ?? 'development';
  const production = nodeEnv === 'production';
  const port = r.get('PORT', p.integer(1, 65535), '3000') ?? 3000;
  const publicUrl = r.get('PUBLIC_URL', (raw) => p.httpUrl(raw).origin + p.httpUrl(raw).pathname.replace(/\/$/, ''), `http://localhost:${port}`);
  const databaseUrl = r.get('DATABASE_URL', p.urlWithProtocol('postgres:', 'postgresql:')) ?? null;
  const redisUrl = r.get('REDIS_URL', p.urlWithProtocol('redis:', 'rediss:')) ?? null;

  const dataDir = r.get('DATA_DIR', p.text, '.data') ?? '.data';
  const devSecret = (name: string) => devSecrets(name, dataDir);
  if (production) refuseUnsafeDefaults(r);

  const config: Config = {
    nodeEnv,
    port,
    host: r.get('HOST', p.text, production ? '0.0.0.0' : '127.0.0.1') ?? '127.0.0.1',
    publicUrl: publicUrl ?? `http://localhost:${port}`,
    database: {
      url: databaseUrl,
      poolMax: r.get('DATABASE_POOL_MAX', p.integer(1, 1000), '10') ?? 10,
      dataDir,
      migrateOnStart: r.get('MIGRATE_ON_START', p.boolean, 'true') ?? true,
    },
    redis: { url: redisUrl, keyPrefix: r.get('REDIS_KEY_PREFIX', p.text, 'esia-bridge') ?? 'esia-bridge' },
    logLevel: r.get('LOG_LEVEL', p.oneOf(...LOG_LEVELS), 'info') ?? 'info',
    trustProxy: r.get('TRUST_PROXY', p.trustProxy, 'false') ?? false,
    bodyLimitBytes: r.get('BODY_LIMIT_BYTES', p.integer(1024, 10 * 1024 * 1024), '16384') ?? 16384,
    shutdownGraceMs: r.get('SHUTDOWN_GRACE_MS', p.integer(0, 600_000), '10000') ?? 10000,
    clientSecretPepper: r.get('CLIENT_SECRET_PEPPER', p.secret) ?? (production ? '' : devSecret('CLIENT_SECRET_PEPPER')),
    demoClient: nodeEnv === 'development' ? demoClient(r, devSecret) : null,
  };
  r.finish();
  return config;
}

function refuseUnsafeDefaults(r: ConfigReader): void {
  const why = 'is required when NODE_ENV=production';
  if (!r.has('DATABASE_URL')) r.problem('DATABASE_URL', `${why} (the embedded PGlite database is for development only)`);
  if (!r.has('REDIS_URL')) r.problem('REDIS_URL', `${why} (the in-process store serves a single instance only)`);
  if (!r.has('PUBLIC_URL')) r.problem('PUBLIC_URL', why);
  if (!r.has('CLIENT_SECRET_PEPPER')) r.problem('CLIENT_SECRET_PEPPER', `${why} (generated secrets are for development only)`);
  if (r.has('DEMO_CLIENT_SECRET')) r.problem('DEMO_CLIENT_SECRET', 'must not be set in production (the demo client exists in development only)');
}

function demoClient(r: ConfigReader, devSecret: (name: string) => string): Config['demoClient'] {
  const given = r.get('DEMO_CLIENT_SECRET', p.secret);
  return {
    secret: given ?? devSecret('DEMO_CLIENT_SECRET'),
    secretGenerated: given === undefined,
    returnUrls:
      r.get('DEMO_CLIENT_RETURN_URLS', p.urlList, 'http://localhost:8080/callback,http://127.0.0.1:8080/callback') ?? [],
  };
}
