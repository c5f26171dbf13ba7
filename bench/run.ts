// npm run bench: throughput of the hot paths, reported side by side from one run so
// that ratios (not absolute numbers, which depend on the machine) are compared.
//   1. the pure rules (decide) — per login, once;
//   2. a login step's compare-and-set on the in-process store and, with REDIS_URL, on Redis;
//   3. whole logins through the sandbox (start → provider pages → callback → claim → code);
//   4. the in-process GOST work of an ESIA login (bench/esia-signing.ts).
// Loopback only; every loop is bounded in count and time.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { MemoryStore } from '../src/adapters/memory/memory-store.js';
import { RedisStore } from '../src/adapters/redis/redis-store.js';
import { decide, type RuleInput } from '../src/domain/rules.js';
import type { SessionStore } from '../src/ports/session-store.js';

const logger = pino({ level: 'silent' });

async function measure(name: string, iterations: number, work: (i: number) => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await work(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = iterations / seconds;
  process.stdout.write(`${name.padEnd(44)} ${rate.toFixed(0).padStart(10)} ops/s  (${iterations} in ${seconds.toFixed(2)} s)\n`);
  return rate;
}

const ruleInput: RuleInput = {
  person: {
    provider: 'https://esia.example.ru',
    subject: '1000000101',
    familyName: 'Соколов',
    givenName: 'Андрей',
    middleName: 'Викторович',
    birthdate: '1992-07-30',
    gender: 'male',
    confirmed: true,
    phone: '+7 (999) 000-11-01',
    phoneVerified: true,
    email: 'a.sokolov@example.ru',
    emailVerified: true,
    parentalConsent: false,
    parentSubject: null,
  },
  today: '2026-11-27',
  linkedProfile: null,
  byPhone: [
    {
      id: 'p1',
      familyName: 'Соколов',
      givenName: 'Андрей',
      middleName: null,
      birthdate: '1992-07-30',
      gender: 'male',
      phone: '+79990001101',
      email: null,
      linkedSubjects: [],
    },
  ],
  byEmail: [],
  policy: { linkedLoginOtp: 'always', channels: ['sms', 'email'] },
};

async function storeBench(name: string, store: SessionStore, iterations: number): Promise<number> {
  const key = `bench:{${Date.now()}}`;
  let value = '0';
  await store.set(key, value, 60_000);
  const rate = await measure(`${name}: get + compareAndSet`, iterations, async (i) => {
    const current = await store.get(key);
    const next = String(i + 1);
    if (current !== null && (await store.compareAndSet(key, current, next, 60_000))) value = next;
  });
  await store.delete(key);
  return rate;
}

async function loginBench(): Promise<void> {
  const { startSandbox } = await import('../src/sandbox/index.js');
  const { loadConfig } = await import('../src/config/index.js');
  const { startService } = await import('../src/service.js');
  const { apiClientsRepository } = await import('../src/adapters/postgres/api-clients-repository.js');
  const { hashClientSecret } = await import('../src/auth/client-secret.js');
  const { signInAtSandbox } = await import('../test/helpers/sandbox-driver.js');

  const redirect = 'http://localhost:3000/v1/callback';
  const sandbox = await startSandbox({ port: 0, clients: [{ client_id: 'esia-bridge', client_secret: 'bench-secret', redirect_uris: [redirect] }] });
  const dataDir = mkdtempSync(join(tmpdir(), 'esia-bridge-bench-'));
  const pepper = 'p'.repeat(64);
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      CLIENT_SECRET_PEPPER: pepper,
      OTP_SECRET: 'o'.repeat(64),
      PROVIDER_ISSUER: sandbox.issuer,
      PROVIDER_CLIENT_SECRET: 'bench-secret',
      PROVIDER_REDIRECT_URI: redirect,
      OTP_SENDS_PER_DESTINATION_PER_HOUR: '1000',
      OTP_SENDS_PER_SUBJECT_PER_HOUR: '1000',
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: 'esia-bridge-bench' } : {}),
    },
    () => 'x'.repeat(64),
  );
  const service = await startService(config, logger);
  try {
    await apiClientsRepository(service.db.pool).upsert({
      id: 'bench',
      name: 'Bench',
      secretHash: hashClientSecret('bench-client-secret', pepper),
      returnUrls: ['https://client.example/return'],
    });
    const auth = `Basic ${Buffer.from('bench:bench-client-secret').toString('base64')}`;
    const json = { authorization: auth, 'content-type': 'application/json' };
    const stores = `${service.db.kind} + ${config.redis.connection ? 'redis' : 'memory'}`;
    await measure(`whole logins (${stores})`, 30, async () => {
      const started = (await service.app.inject({ method: 'POST', url: '/v1/logins', headers: json, payload: { return_to: 'https://client.example/return' } })).json();
      const back = await signInAtSandbox(started.authorization_url, 'adult-phone-only');
      const callback = await service.app.inject(`${back.pathname}${back.search}`);
      const location = new URL(String(callback.headers.location));
      await service.app.inject({
        method: 'POST',
        url: `/v1/logins/${started.id}/claim`,
        headers: json,
        payload: { handoff: location.searchParams.get('handoff') },
      });
    });
  } finally {
    await service.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rulesRate = await measure('rules: decide()', 200_000, () => decide(ruleInput));
const memoryRate = await storeBench('memory store', new MemoryStore(logger), 200_000);
if (process.env.REDIS_URL) {
  const redis = await RedisStore.connect({ connection: { kind: 'url', url: process.env.REDIS_URL }, keyPrefix: 'esia-bridge-bench', commandTimeoutMs: 2000, waitReplicas: 0 }, logger);
  const redisRate = await storeBench('redis store', redis, 10_000);
  await redis.close();
  process.stdout.write(`ratio memory/redis compare-and-set: ${(memoryRate / redisRate).toFixed(1)}×\n`);
}
process.stdout.write(`ratio rules/memory step: ${(rulesRate / memoryRate).toFixed(1)}×\n`);
await loginBench();
await (await import('./esia-signing.js')).esiaSigningBench();
