// build(t): the real service on real stores: Postgres and Redis when DATABASE_URL and
// REDIS_URL are set (CI), otherwise the embedded defaults (PGlite in a temporary
// folder, the in-process store). Closed when the test ends.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Test } from 'tap';
import { loadConfig, type Config } from '../../src/config/index.js';
import { startService, type Service } from '../../src/service.js';
import { freshDatabaseUrl } from './fresh-database.js';

export const TEST_PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';

export function testEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    CLIENT_SECRET_PEPPER: TEST_PEPPER,
    OTP_SECRET: 'test-otp-secret-0123456789abcdef0123456789abcdef',
    LOGIN_STATE_KEY: 'test-login-state-key-0123456789abcdef0123456789',
    // Nothing listens here: tests that need a provider start the sandbox and override it.
    PROVIDER_ISSUER: 'http://127.0.0.1:9',
    PROVIDER_CLIENT_SECRET: 'test-provider-secret',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: 'esia-bridge-test' } : {}),
    ...extra,
  };
}

export function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'esia-bridge-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function testConfig(t: Test, extra: NodeJS.ProcessEnv = {}): Config {
  return loadConfig(testEnv(tempDir(t), extra), () => {
    throw new Error('tests give every secret explicitly');
  });
}

/**
 * The service on stores of its own (a fresh database, a unique Redis prefix). Silent
 * unless a logger is given (a test that inspects the service's log output passes one).
 */
export async function build(t: Test, extra: NodeJS.ProcessEnv = {}, logger?: Logger): Promise<Service & { config: Config }> {
  const databaseUrl = await freshDatabaseUrl(t);
  const config = testConfig(t, {
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    REDIS_KEY_PREFIX: `esia-bridge-test-${randomBytes(4).toString('hex')}`,
    ...extra,
  });
  const service = await startService(config, logger ?? pino({ level: 'silent' }));
  t.teardown(() => service.close());
  await service.app.ready();
  return { ...service, config };
}
