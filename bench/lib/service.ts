// The service as ops would run it: `node dist/main.js` in a process of its own, its
// configuration all explicit (nothing inherited from the benchmark's environment but
// PATH), pointed at the benchmark's upstream and stores. NODE_ENV=development on
// loopback only for the development outbox (codes by login id) and the demo client;
// secrets and signing keys are set as production sets them.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import type { ApiClient } from './login-browser.js';
import { freePort, startChild, type Child } from './child.js';
import type { BenchStores } from './stores.js';

export const RETURN_TO = 'http://127.0.0.1:9/bench/return';
export const UPSTREAM_CLIENT_SECRET = randomBytes(24).toString('hex');

export interface ServiceOptions {
  name: string;
  linkedLoginOtp: 'always' | 'never';
  stores: BenchStores;
  upstreamUrl: string;
  /** Shared by the run's services (the embedded database lives there). */
  dataDir: string;
  logDir: string;
  /** Write a V8 CPU profile into this folder when the process exits. */
  profileDir?: string;
  secrets: ServiceSecrets;
}

export interface ServiceSecrets {
  pepper: string;
  otpSecret: string;
  loginStateKey: string;
  assertionKeys: string;
  demoSecret: string;
}

export interface RunningService {
  child: Child;
  client: ApiClient;
}

const TUNING = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_'] as const;

/**
 * The process tuning the production image sets (the Dockerfile's NODE_OPTIONS, its
 * V8 heap bounds, and glibc's malloc settings), so that the service is measured as
 * it runs there.
 */
export function imageTuning(dockerfile = readFileSync('Dockerfile', 'utf8')): Partial<Record<(typeof TUNING)[number], string>> {
  const tuning: Partial<Record<(typeof TUNING)[number], string>> = {};
  for (const name of TUNING) {
    const match = new RegExp(`\\b${name}=(?:"([^"]*)"|(\\S+))`).exec(dockerfile);
    const value = match?.[1] ?? match?.[2];
    if (value) tuning[name] = value;
  }
  return tuning;
}

/** One set per run: the services of a run share their database and must agree on them. */
export async function serviceSecrets(): Promise<ServiceSecrets> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const hex = () => randomBytes(32).toString('hex');
  return { pepper: hex(), otpSecret: hex(), loginStateKey: hex(), assertionKeys: JSON.stringify({ keys: [jwk] }), demoSecret: hex() };
}

/** The upstream's redirect URI for a service on `port`. */
export const redirectUriFor = (port: number) => `http://127.0.0.1:${port}/v1/callback`;

export async function startBenchService(options: ServiceOptions, port?: number): Promise<RunningService> {
  const servicePort = port ?? (await freePort());
  const { stores, secrets } = options;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...imageTuning(),
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(servicePort),
    PUBLIC_URL: `http://127.0.0.1:${servicePort}`,
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'info',
    CLIENT_SECRET_PEPPER: secrets.pepper,
    OTP_SECRET: secrets.otpSecret,
    LOGIN_STATE_KEY: secrets.loginStateKey,
    ASSERTION_SIGNING_KEYS: secrets.assertionKeys,
    DEMO_CLIENT_SECRET: secrets.demoSecret,
    DEMO_CLIENT_RETURN_URLS: RETURN_TO,
    PROVIDER_ISSUER: options.upstreamUrl,
    PROVIDER_CLIENT_SECRET: UPSTREAM_CLIENT_SECRET,
    PROVIDER_REDIRECT_URI: redirectUriFor(servicePort),
    LINKED_LOGIN_OTP: options.linkedLoginOtp,
    // Many logins of few persons in a minute: the per-hour send limits would stop them.
    OTP_SENDS_PER_DESTINATION_PER_HOUR: '1000',
    OTP_SENDS_PER_SUBJECT_PER_HOUR: '1000',
    ...(stores.databaseUrl ? { DATABASE_URL: stores.databaseUrl } : {}),
    ...(stores.redisUrl ? { REDIS_URL: stores.redisUrl, REDIS_KEY_PREFIX: stores.redisPrefix } : {}),
  };
  const profile = options.profileDir
    ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir, '--cpu-prof-name', `${options.name}-${Date.now()}.cpuprofile`]
    : [];
  const child = await startChild({
    name: options.name,
    args: [...profile, ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), 'dist/main.js'],
    env,
    port: servicePort,
    readyPath: '/readyz',
    logFile: join(options.logDir, `${options.name}.log`),
  });
  const authorization = `Basic ${Buffer.from(`demo:${secrets.demoSecret}`).toString('base64')}`;
  return { child, client: { service: child.url, authorization, returnTo: RETURN_TO } };
}
