// The micro-benchmarks, in the benchmark's own process: the pure rules (decide, once
// per login), a login step's compare-and-set on the in-process store and, with
// REDIS_URL, on Redis, and the in-process GOST work of an ESIA login
// (esia-signing.ts, when the OpenSSL GOST engine is installed).

import pino from 'pino';
import { MemoryStore } from '../src/adapters/memory/memory-store.js';
import { RedisStore } from '../src/adapters/redis/redis-store.js';
import { decide, type RuleInput } from '../src/domain/rules.js';
import type { SessionStore } from '../src/ports/session-store.js';
import type { MicroRow } from './lib/report.js';

const logger = pino({ level: 'silent' });

async function rate(iterations: number, work: (i: number) => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await work(i);
  return iterations / (Number(process.hrtime.bigint() - started) / 1e9);
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

async function compareAndSetRate(store: SessionStore, iterations: number): Promise<number> {
  const key = `bench:{${Date.now()}}`;
  await store.set(key, '0', 60_000);
  const result = await rate(iterations, async (i) => {
    const current = await store.get(key);
    if (current !== null) await store.compareAndSet(key, current, String(i + 1), 60_000);
  });
  await store.delete(key);
  return result;
}

export async function microBenchmarks(scale: number, redis: { url: string; prefix: string } | null): Promise<MicroRow[]> {
  const n = (count: number) => Math.max(Math.round(count * scale), 100);
  const memory = new MemoryStore(logger);
  const rows: MicroRow[] = [
    { name: 'rules: decide()', value: await rate(n(200_000), () => decide(ruleInput)), unit: 'ops/s' },
    { name: 'in-process store: get + compareAndSet', value: await compareAndSetRate(memory, n(200_000)), unit: 'ops/s' },
  ];
  await memory.close();
  if (redis) {
    const store = await RedisStore.connect({ connection: { kind: 'url', url: redis.url }, keyPrefix: redis.prefix, commandTimeoutMs: 2000, waitReplicas: 0 }, logger);
    rows.push({ name: 'Redis store: get + compareAndSet (one client, sequential)', value: await compareAndSetRate(store, n(10_000)), unit: 'ops/s' });
    await store.close();
  }
  try {
    const { esiaSigningBench } = await import('./esia-signing.js');
    const gost = await esiaSigningBench({ logins: n(500), print: false });
    for (const [endpoints, ms] of Object.entries(gost)) rows.push({ name: `ESIA GOST work per login (${endpoints}, target < 2 ms)`, value: ms, unit: 'ms CPU' });
  } catch (err) {
    rows.push({ name: `ESIA GOST work per login: skipped (${(err as Error).message.split('\n')[0]})`, value: Number.NaN, unit: '' });
  }
  return rows;
}
