// The catalogue of every environment variable: what it means, its default and an
// example of a right value. The loader reads values through it, error messages quote
// its examples, and the README table and .env.example are checked against it.

export interface VariableSpec {
  description: string;
  /** The default as documented; dynamic defaults are described in words. */
  default?: string;
  example: string;
  /** Never printed; in production it must be given. */
  secret?: boolean;
}

export const VARIABLES = {
  NODE_ENV: {
    description: '`development` (embedded stores, sandbox, demo client allowed), `test` or `production` (refuses every unsafe default).',
    default: 'development',
    example: 'production',
  },
  PORT: { description: 'HTTP port of the service.', default: '3000', example: '3000' },
  HOST: {
    description: 'Address to listen on.',
    default: '127.0.0.1 (development), 0.0.0.0 (production)',
    example: '0.0.0.0',
  },
  PUBLIC_URL: {
    description: 'The URL clients and browsers reach the service at; issuer of assertions. Required in production.',
    default: 'http://localhost:$PORT',
    example: 'https://esia-bridge.example.ru',
  },
  DATABASE_URL: {
    description: 'Postgres connection URL. Unset: embedded PGlite under DATA_DIR (development only).',
    example: 'postgres://esia:secret@db:5432/esia_bridge',
    secret: true,
  },
  DATABASE_POOL_MAX: { description: 'Postgres pool size (embedded PGlite always uses 1).', default: '10', example: '20' },
  REDIS_URL: {
    description: 'Redis URL for login state. Unset: an in-process store for a single instance (development only).',
    example: 'redis://redis:6379/0',
    secret: true,
  },
  REDIS_KEY_PREFIX: { description: 'Prefix of every Redis key.', default: 'esia-bridge', example: 'esia-bridge-staging' },
  DATA_DIR: {
    description: 'Folder for the embedded database and generated development secrets.',
    default: '.data',
    example: '/var/lib/esia-bridge',
  },
  MIGRATE_ON_START: { description: 'Apply database migrations at start.', default: 'true', example: 'false' },
  LOG_LEVEL: {
    description: 'pino level: fatal, error, warn, info, debug, trace, silent.',
    default: 'info',
    example: 'debug',
  },
  TRUST_PROXY: {
    description: 'Trust X-Forwarded-* from: true, false, a hop count, or addresses/CIDRs (comma separated).',
    default: 'false',
    example: '10.0.0.0/8',
  },
  BODY_LIMIT_BYTES: { description: 'Largest accepted request body.', default: '16384', example: '32768' },
  SHUTDOWN_GRACE_MS: {
    description: 'On SIGTERM/SIGINT, how long in-flight requests may take before the process exits.',
    default: '10000',
    example: '25000',
  },
  CLIENT_SECRET_PEPPER: {
    description: 'Server key of the keyed SHA-256 over API client secrets. Generated and kept in DATA_DIR in development.',
    example: '<64 hex digits>',
    secret: true,
  },
  DEMO_CLIENT_SECRET: {
    description: 'Secret of the `demo` API client seeded in development. Generated and printed when unset.',
    example: '<64 hex digits>',
    secret: true,
  },
  DEMO_CLIENT_RETURN_URLS: {
    description: 'Return URLs of the `demo` client (comma separated, exact strings).',
    default: 'http://localhost:8080/callback,http://127.0.0.1:8080/callback',
    example: 'http://localhost:8080/callback',
  },
} satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof VARIABLES;
