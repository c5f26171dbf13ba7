// The service's configuration: read once at start from the environment, validated,
// typed. In production every unsafe development default is refused.

import * as p from './parsers.js';
import { checkSigningKeys } from '../adapters/keys/signing-key-config.js';
import { checkClaimMapping } from '../adapters/provider/claim-mapping.js';
import { inspectClientKey } from '../adapters/provider/client-key.js';
import { checkIdTokenAlgs, SUPPORTED_ID_TOKEN_ALGS } from '../adapters/provider/provider-options.js';
import { DEFAULT_ESIA_SCOPES } from '../adapters/provider/esia/esia-options.js';
import { deliverySection, type DeliveryConfig } from './delivery.js';
import { esiaSection, type EsiaConfig } from './esia.js';
import { isLoopbackHost } from './loopback.js';
import { ConfigReader } from './reader.js';
import { hasRedis, redisSection, type RedisConfig } from './redis.js';

export { ConfigError } from './reader.js';
export { isLoopbackHost } from './loopback.js';

export type NodeEnv = 'development' | 'test' | 'production';

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  publicUrl: string;
  database: { url: string | null; poolMax: number; queryTimeoutMs: number; dataDir: string; migrateOnStart: boolean };
  redis: RedisConfig;
  logLevel: string;
  trustProxy: boolean | number | string[];
  bodyLimitBytes: number;
  shutdownGraceMs: number;
  shutdownDrainMs: number;
  /** The metrics listener's port; null: none. */
  metricsPort: number | null;
  /** OTLP/HTTP collector of traces; null: tracing off. */
  otlpEndpoint: string | null;
  clientSecretPepper: string;
  apiClientCacheMs: number;
  /** Development only: the `demo` API client, used by the reference client in demo/ on `port`. */
  demoClient: { secret: string; secretGenerated: boolean; returnUrls: string[]; port: number } | null;
  /** NODE_ENV=development on a loopback address: GET /dev/outbox and the demo client. */
  devHelpers: boolean;
  /** Set when the development sandbox serves as the provider. */
  sandbox: { port: number } | null;
  provider: {
    dialect: 'oidc' | 'esia';
    issuer: string;
    clientId: string;
    clientSecret: string | null;
    clientAuth: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
    clientKey: string | null;
    idTokenAlgs: string[];
    scopes: string[];
    redirectUri: string;
    timeoutMs: number;
    allowHttp: boolean;
    claimMapping: Record<string, string>;
  };
  login: { ttlSeconds: number; linkedLoginOtp: 'always' | 'never'; stateKey: string };
  otp: {
    secret: string;
    ttlSeconds: number;
    maxAttempts: number;
    maxAttemptsPerLogin: number;
    maxResends: number;
    resendCooldownSeconds: number;
    sendsPerDestinationPerHour: number;
    sendsPerSubjectPerHour: number;
  };
  /** ES256 JWK Set text from configuration; null: development keys kept in Postgres. */
  assertionSigningKeys: string | null;
  delivery: DeliveryConfig;
  /** Set with PROVIDER_DIALECT=esia. */
  esia: EsiaConfig | null;
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
  const redis = redisSection(r);

  const host = r.get('HOST', p.text, production ? '0.0.0.0' : '127.0.0.1') ?? '127.0.0.1';
  const devHelpers = nodeEnv === 'development' && isLoopbackHost(host);
  const dataDir = r.get('DATA_DIR', p.text, '.data') ?? '.data';
  const devSecret = (name: string) => devSecrets(name, dataDir);
  const dialect = r.get('PROVIDER_DIALECT', p.oneOf('oidc', 'esia'), 'oidc') ?? 'oidc';
  if (production) refuseUnsafeDefaults(r, dialect);
  if (production && publicUrl?.startsWith('http:')) {
    r.problem('PUBLIC_URL', 'must be an https URL in production (browsers and clients reach the service through TLS)');
  }

  const config: Config = {
    nodeEnv,
    port,
    host,
    publicUrl: publicUrl ?? `http://localhost:${port}`,
    database: {
      url: databaseUrl,
      poolMax: r.get('DATABASE_POOL_MAX', p.integer(1, 1000), '10') ?? 10,
      queryTimeoutMs: r.get('DATABASE_QUERY_TIMEOUT_MS', p.integer(50, 600_000), '5000') ?? 5000,
      dataDir,
      migrateOnStart: r.get('MIGRATE_ON_START', p.boolean, 'true') ?? true,
    },
    redis,
    logLevel: r.get('LOG_LEVEL', p.oneOf(...LOG_LEVELS), 'info') ?? 'info',
    trustProxy: r.get('TRUST_PROXY', p.trustProxy, 'false') ?? false,
    bodyLimitBytes: r.get('BODY_LIMIT_BYTES', p.integer(1024, 10 * 1024 * 1024), '16384') ?? 16384,
    shutdownGraceMs: r.get('SHUTDOWN_GRACE_MS', p.integer(0, 600_000), '10000') ?? 10000,
    shutdownDrainMs: r.get('SHUTDOWN_DRAIN_MS', p.integer(0, 600_000), production ? '5000' : '0') ?? 0,
    apiClientCacheMs: r.get('API_CLIENT_CACHE_MS', p.integer(0, 60_000), '5000') ?? 5000,
    metricsPort: metricsPort(r, port, production),
    otlpEndpoint: r.get('OTEL_EXPORTER_OTLP_ENDPOINT', (raw) => p.httpUrl(raw).href) ?? null,
    clientSecretPepper: r.get('CLIENT_SECRET_PEPPER', p.secret) ?? (production ? '' : devSecret('CLIENT_SECRET_PEPPER')),
    devHelpers,
    demoClient: devHelpers ? demoClient(r, devSecret) : null,
    ...providerSection(r, { production, dialect, publicUrl: publicUrl ?? `http://localhost:${port}`, devSecret }),
    login: {
      ttlSeconds: r.get('LOGIN_TTL_SECONDS', p.integer(60, 3600), '900') ?? 900,
      linkedLoginOtp: r.get('LINKED_LOGIN_OTP', p.oneOf('always', 'never'), 'always') ?? 'always',
      stateKey: r.get('LOGIN_STATE_KEY', p.secret) ?? (production ? '' : devSecret('LOGIN_STATE_KEY')),
    },
    otp: {
      secret: r.get('OTP_SECRET', p.secret) ?? (production ? '' : devSecret('OTP_SECRET')),
      ttlSeconds: r.get('OTP_TTL_SECONDS', p.integer(30, 600), '300') ?? 300,
      maxAttempts: r.get('OTP_MAX_ATTEMPTS', p.integer(1, 10), '5') ?? 5,
      maxAttemptsPerLogin: r.get('OTP_MAX_ATTEMPTS_PER_LOGIN', p.integer(1, 50), '10') ?? 10,
      maxResends: r.get('OTP_MAX_RESENDS', p.integer(0, 10), '3') ?? 3,
      resendCooldownSeconds: r.get('OTP_RESEND_COOLDOWN_SECONDS', p.integer(0, 600), '60') ?? 60,
      sendsPerDestinationPerHour: r.get('OTP_SENDS_PER_DESTINATION_PER_HOUR', p.integer(1, 1000), '10') ?? 10,
      sendsPerSubjectPerHour: r.get('OTP_SENDS_PER_SUBJECT_PER_HOUR', p.integer(1, 1000), '10') ?? 10,
    },
    assertionSigningKeys: r.get('ASSERTION_SIGNING_KEYS', checked(checkSigningKeys)) ?? null,
    delivery: deliverySection(r, production),
    esia: null,
  };
  if (dialect === 'esia') {
    config.esia = esiaSection(r, { production, sandbox: config.sandbox !== null, allowHttp: config.provider.allowHttp });
  }
  r.finish();
  return config;
}

function refuseUnsafeDefaults(r: ConfigReader, dialect: 'oidc' | 'esia'): void {
  const why = 'is required when NODE_ENV=production';
  if (!r.has('DATABASE_URL')) r.problem('DATABASE_URL', `${why} (the embedded PGlite database is for development only)`);
  if (!hasRedis(r)) r.problem('REDIS_URL', `${why}, or REDIS_SENTINELS or REDIS_CLUSTER_NODES (the in-process store serves a single instance only)`);
  if (!r.has('PUBLIC_URL')) r.problem('PUBLIC_URL', why);
  if (!r.has('CLIENT_SECRET_PEPPER')) r.problem('CLIENT_SECRET_PEPPER', `${why} (generated secrets are for development only)`);
  if (!r.has('OTP_SECRET')) r.problem('OTP_SECRET', `${why} (generated secrets are for development only)`);
  if (!r.has('LOGIN_STATE_KEY')) r.problem('LOGIN_STATE_KEY', `${why} (generated secrets are for development only)`);
  if (!r.has('ASSERTION_SIGNING_KEYS')) r.problem('ASSERTION_SIGNING_KEYS', `${why} (generated keys are for development only)`);
  if (dialect === 'oidc' && !r.has('PROVIDER_ISSUER')) r.problem('PROVIDER_ISSUER', `${why} (the sandbox provider is for development only)`);
  if (dialect === 'esia' && !r.has('ESIA_BASE_URL')) r.problem('ESIA_BASE_URL', `${why} with PROVIDER_DIALECT=esia (the sandbox is for development only)`);
  if (r.has('SANDBOX_PORT')) r.problem('SANDBOX_PORT', 'must not be set in production (the sandbox is for development only)');
  if (r.has('DEMO_CLIENT_SECRET')) r.problem('DEMO_CLIENT_SECRET', 'must not be set in production (the demo client exists in development only)');
  if (r.has('DEMO_PORT')) r.problem('DEMO_PORT', 'must not be set in production (the demo runs in development only)');
}

function metricsPort(r: ConfigReader, appPort: number, production: boolean): number | null {
  const parse = (raw: string) => (raw.trim() === 'off' ? null : p.integer(1, 65535)(raw));
  const metrics = r.get('METRICS_PORT', parse, production ? '9464' : 'off') ?? null;
  if (metrics === appPort) r.problem('METRICS_PORT', 'must differ from PORT (the metrics are never served by the public app)');
  return metrics;
}

function demoClient(r: ConfigReader, devSecret: (name: string) => string): Config['demoClient'] {
  const given = r.get('DEMO_CLIENT_SECRET', p.secret);
  const port = r.get('DEMO_PORT', p.integer(1, 65535), '3002') ?? 3002;
  return {
    secret: given ?? devSecret('DEMO_CLIENT_SECRET'),
    secretGenerated: given === undefined,
    returnUrls:
      r.get('DEMO_CLIENT_RETURN_URLS', p.urlList, `http://localhost:${port}/callback,http://127.0.0.1:${port}/callback`) ?? [],
    port,
  };
}


function providerSection(
  r: ConfigReader,
  ctx: { production: boolean; dialect: 'oidc' | 'esia'; publicUrl: string; devSecret: (name: string) => string },
): Pick<Config, 'sandbox' | 'provider'> {
  const esia = ctx.dialect === 'esia';
  const sandbox = ctx.production || r.has(esia ? 'ESIA_BASE_URL' : 'PROVIDER_ISSUER')
    ? null
    : { port: r.get('SANDBOX_PORT', p.integer(1, 65535), '3001') ?? 3001 };
  const issuer = r.get('PROVIDER_ISSUER', (raw) => p.endpointUrl({ query: false })(raw).href.replace(/\/$/, '')) ??
    `http://localhost:${sandbox?.port ?? 3001}`;
  const clientAuth = r.get(
    'PROVIDER_CLIENT_AUTH',
    p.oneOf('client_secret_basic', 'client_secret_post', 'private_key_jwt'),
    'client_secret_basic',
  ) ?? 'client_secret_basic';
  const allowHttp = r.get('PROVIDER_ALLOW_HTTP', p.boolean, ctx.production ? 'false' : 'true') ?? false;
  if (ctx.production && allowHttp) r.problem('PROVIDER_ALLOW_HTTP', 'must be false in production');
  if (!allowHttp && issuer.startsWith('http:')) {
    r.problem('PROVIDER_ISSUER', 'must be an https URL (or set PROVIDER_ALLOW_HTTP=true in development)');
  }
  const clientSecret = r.get('PROVIDER_CLIENT_SECRET', p.text) ?? (sandbox ? ctx.devSecret('PROVIDER_CLIENT_SECRET') : null);
  const clientKey = r.get('PROVIDER_CLIENT_KEY', checked((text) => {
    const inspected = inspectClientKey(text);
    return inspected.ok ? [] : inspected.problems;
  })) ?? null;
  if (sandbox && clientAuth === 'private_key_jwt') {
    r.problem('PROVIDER_CLIENT_AUTH', 'must be client_secret_basic or client_secret_post with the development sandbox');
  }
  const redirectUri = r.get('PROVIDER_REDIRECT_URI', (raw) => p.endpointUrl({ query: true })(raw).href, `${ctx.publicUrl}/v1/callback`) ?? '';
  // A redirect URI derived from an http PUBLIC_URL is that variable's problem.
  if (!allowHttp && r.has('PROVIDER_REDIRECT_URI') && redirectUri.startsWith('http:')) {
    r.problem('PROVIDER_REDIRECT_URI', 'must be an https URL (or set PROVIDER_ALLOW_HTTP=true in development)');
  }
  if (clientAuth === 'private_key_jwt' && !clientKey) r.problem('PROVIDER_CLIENT_KEY', 'is required with PROVIDER_CLIENT_AUTH=private_key_jwt');
  if (!esia && clientAuth !== 'private_key_jwt' && !clientSecret) r.problem('PROVIDER_CLIENT_SECRET', `is required with PROVIDER_CLIENT_AUTH=${clientAuth}`);
  return {
    sandbox,
    provider: {
      dialect: ctx.dialect,
      issuer,
      clientId: r.get('PROVIDER_CLIENT_ID', p.text, 'esia-bridge') ?? 'esia-bridge',
      clientSecret,
      clientAuth,
      clientKey,
      idTokenAlgs: r.get('PROVIDER_ID_TOKEN_ALGS', algList, 'RS256,ES256') ?? ['RS256'],
      scopes: r.get('PROVIDER_SCOPES', scopeList, esia ? DEFAULT_ESIA_SCOPES.join(',') : 'openid,profile,email,phone,esia') ?? ['openid'],
      redirectUri,
      timeoutMs: r.get('PROVIDER_TIMEOUT_MS', p.integer(100, 120_000), '10000') ?? 10000,
      allowHttp,
      claimMapping: r.get('PROVIDER_CLAIM_MAPPING', claimMapping, '{}') ?? {},
    },
  };
}

function algList(raw: string): string[] {
  const algs = p.list(raw);
  if (algs.some((a) => a.toLowerCase() === 'none')) throw new Error('must not contain none (unsigned ID tokens are never accepted)');
  if (algs.some((a) => /^HS\d+$/i.test(a))) throw new Error('must list asymmetric algorithms only (no HMAC)');
  const problems = checkIdTokenAlgs(algs);
  if (problems.length > 0) throw new Error(`must list supported asymmetric algorithms: ${SUPPORTED_ID_TOKEN_ALGS.join(', ')}`);
  return algs;
}

function scopeList(raw: string): string[] {
  const scopes = raw.split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes('openid')) throw new Error('must include openid');
  return scopes;
}

function claimMapping(raw: string): Record<string, string> {
  const mapping = p.stringRecord(raw);
  const problems = checkClaimMapping(mapping);
  if (problems.length > 0) throw new Error(`is not usable: ${problems.join('; ')}`);
  return mapping;
}

/** A text value run through an adapter's own checker, whose problems become the message. */
function checked(check: (text: string) => string[]) {
  return (raw: string): string => {
    const problems = check(raw);
    if (problems.length > 0) throw new Error(`is not usable: ${problems.join('; ')}`);
    return raw;
  };
}
