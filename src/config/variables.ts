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
  /** Refused or meaningless in production (compose files leave it out). */
  developmentOnly?: boolean;
  /** Why docker-compose.yml leaves it out although production may use it. */
  composeOmits?: string;
}

const OTHER_REDIS = 'for a Redis other than the compose file’s own';

export const VARIABLES = {
  NODE_ENV: {
    description: '`development` (embedded stores, sandbox; the demo client and GET /dev/outbox when HOST is a loopback address), `test` or `production` (refuses every unsafe default).',
    default: 'development',
    example: 'production',
  },
  PORT: { description: 'HTTP port of the service.', default: '3000', example: '3000' },
  HOST: {
    description: 'Address to listen on. Development helpers (demo client, GET /dev/outbox) are served only on a loopback address.',
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
  DATABASE_QUERY_TIMEOUT_MS: {
    description: 'How long Postgres may take to lend a connection or to run one statement (statement_timeout, and the client gives up 1 s later): a slow, stopped or unreachable Postgres fails the request (503) instead of holding it. Not the embedded PGlite.',
    default: '5000',
    example: '3000',
  },
  REDIS_URL: {
    description: 'Redis URL for login state (one server; `rediss://` for TLS). Unset, with neither REDIS_SENTINELS nor REDIS_CLUSTER_NODES: an in-process store for a single instance (development only).',
    example: 'redis://redis:6379/0',
    secret: true,
  },
  REDIS_SENTINELS: {
    description: 'Instead of REDIS_URL: the sentinels that name the Redis master, as host:port (comma separated); needs REDIS_SENTINEL_MASTER.',
    example: 'sentinel-1:26379,sentinel-2:26379,sentinel-3:26379',
    composeOmits: OTHER_REDIS,
  },
  REDIS_SENTINEL_MASTER: { description: 'Name of the master the sentinels watch (with REDIS_SENTINELS).', example: 'esia-bridge', composeOmits: OTHER_REDIS },
  REDIS_SENTINEL_PASSWORD: {
    description: 'Password of the sentinels themselves, when they require one (with REDIS_SENTINELS).',
    example: '<password>',
    secret: true,
    composeOmits: OTHER_REDIS,
  },
  REDIS_CLUSTER_NODES: {
    description: 'Instead of REDIS_URL: some nodes of a Redis Cluster to discover it from, as host:port (comma separated).',
    example: 'redis-1:6379,redis-2:6379,redis-3:6379',
    composeOmits: OTHER_REDIS,
  },
  REDIS_USERNAME: { description: 'ACL user of the Redis servers with REDIS_SENTINELS or REDIS_CLUSTER_NODES (a REDIS_URL carries its own).', example: 'esia-bridge', composeOmits: OTHER_REDIS },
  REDIS_PASSWORD: {
    description: 'Password of the Redis servers with REDIS_SENTINELS or REDIS_CLUSTER_NODES (a REDIS_URL carries its own).',
    example: '<password>',
    secret: true,
    composeOmits: OTHER_REDIS,
  },
  REDIS_TLS: {
    description: 'TLS to the Redis servers and sentinels with REDIS_SENTINELS or REDIS_CLUSTER_NODES (a REDIS_URL says `rediss://`); a private CA comes from NODE_EXTRA_CA_CERTS.',
    default: 'false',
    example: 'true',
    composeOmits: OTHER_REDIS,
  },
  REDIS_KEY_PREFIX: { description: 'Prefix of every Redis key (no braces: Cluster hash tags are the login’s).', default: 'esia-bridge', example: 'esia-bridge-staging' },
  REDIS_COMMAND_TIMEOUT_MS: {
    description: 'How long one Redis command may take: a paused or unreachable Redis fails the request after this, never holds it longer.',
    default: '2000',
    example: '1000',
  },
  REDIS_WAIT_REPLICAS: {
    description: 'Replicas that must confirm each write of login state before a step answers (Redis WAIT, within half of REDIS_COMMAND_TIMEOUT_MS): a failover then never loses an answered step; while fewer replicas answer, steps fail instead. 0: no confirmation.',
    default: '1 with REDIS_SENTINELS or REDIS_CLUSTER_NODES, else 0',
    example: '1',
    composeOmits: OTHER_REDIS,
  },
  DATA_DIR: {
    description: 'Folder for the embedded database and generated development secrets.',
    default: '.data',
    example: '/var/lib/esia-bridge',
    developmentOnly: true,
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
  SHUTDOWN_DRAIN_MS: {
    description: 'On SIGTERM/SIGINT, how long /readyz answers 503 while the service keeps serving, so a load balancer stops sending it new requests before it stops accepting them.',
    default: '5000 (production), 0 otherwise',
    example: '10000',
  },
  SHUTDOWN_GRACE_MS: {
    description: 'On SIGTERM/SIGINT, how long in-flight requests may take before the process exits.',
    default: '10000',
    example: '25000',
  },
  API_CLIENT_CACHE_MS: {
    description: 'How long an instance keeps an API client it looked up; a client disabled or re-permissioned with the CLI is refused within this time. 0 looks it up on every request.',
    default: '5000',
    example: '2000',
  },
  METRICS_PORT: {
    description: 'Port of the metrics listener (GET /metrics, Prometheus text format) on HOST, apart from the public app; `off`: no listener.',
    default: '9464 (production), off otherwise',
    example: '9464',
  },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    description: 'OpenTelemetry collector (OTLP over HTTP) that receives traces; unset: tracing off, its modules never loaded. The SDK’s other OTEL_* variables (headers, sampler, service name) apply.',
    example: 'http://otel-collector:4318',
  },
  CLIENT_SECRET_PEPPER: {
    description: 'Server key of the keyed SHA-256 over API client secrets. Generated and kept in DATA_DIR in development.',
    example: '<64 hex digits>',
    secret: true,
  },
  DEMO_CLIENT_SECRET: {
    description: 'Secret of the `demo` API client seeded in development on a loopback HOST. Generated and printed when unset.',
    example: '<64 hex digits>',
    secret: true,
    developmentOnly: true,
  },
  DEMO_CLIENT_RETURN_URLS: {
    description: 'Return URLs of the `demo` client (comma separated, exact strings).',
    default: 'http://localhost:$DEMO_PORT/callback,http://127.0.0.1:$DEMO_PORT/callback',
    example: 'http://localhost:3002/callback',
    developmentOnly: true,
  },
  DEMO_PORT: {
    description: 'Port of the reference client (`demo/`) that `npm start` runs next to the service in development; the `demo` client’s default return URLs point to it.',
    default: '3002',
    example: '3002',
    developmentOnly: true,
  },
  SANDBOX_PORT: {
    description: 'Port of the development sandbox provider that `npm start` runs when PROVIDER_ISSUER is unset.',
    default: '3001',
    example: '3001',
    developmentOnly: true,
  },
  PROVIDER_ISSUER: {
    description: 'Issuer URL of the ESIA-compatible OpenID provider (discovery). Unset in development: the sandbox. Required in production.',
    default: 'http://localhost:$SANDBOX_PORT (development)',
    example: 'https://esia.example.ru',
  },
  PROVIDER_CLIENT_ID: { description: 'Client id registered at the provider.', default: 'esia-bridge', example: 'esia-bridge' },
  PROVIDER_CLIENT_SECRET: {
    description: 'Client secret at the provider (client_secret_basic / client_secret_post). Generated for the sandbox in development.',
    example: '<secret>',
    secret: true,
  },
  PROVIDER_CLIENT_AUTH: {
    description: 'Token endpoint authentication: client_secret_basic, client_secret_post or private_key_jwt.',
    default: 'client_secret_basic',
    example: 'private_key_jwt',
  },
  PROVIDER_CLIENT_KEY: {
    description: 'Private key for private_key_jwt: a PEM (PKCS#8) or a JWK JSON with kid.',
    example: '{"kty":"EC","crv":"P-256","kid":"k1",...}',
    secret: true,
  },
  PROVIDER_ID_TOKEN_ALGS: {
    description: 'Accepted ID token signature algorithms (comma separated); never taken from discovery; `none` is refused.',
    default: 'RS256,ES256',
    example: 'RS256',
  },
  PROVIDER_SCOPES: { description: 'Scopes requested (comma or space separated).', default: 'openid,profile,email,phone,esia', example: 'openid,fullname,birthdate,gender,mobile,email' },
  PROVIDER_REDIRECT_URI: {
    description: 'Redirect URI registered at the provider; sent to the token endpoint as is (never built from Host).',
    default: '$PUBLIC_URL/v1/callback',
    example: 'https://esia-bridge.example.ru/v1/callback',
  },
  PROVIDER_TIMEOUT_MS: { description: 'Timeout of each request to the provider.', default: '10000', example: '5000' },
  PROVIDER_ALLOW_HTTP: {
    description: 'Allow a plain-http issuer (development only).',
    default: 'true in development, false otherwise',
    example: 'false',
  },
  PROVIDER_CLAIM_MAPPING: {
    description: 'JSON object overriding where each fact is found in the claims, e.g. {"birthdate":"birth_date"}; see the README.',
    default: 'the sandbox’s claims',
    example: '{"phone":"mobile","phoneVerified":"mobile_verified"}',
  },
  LINKED_LOGIN_OTP: {
    description: 'Whether a person already linked gets a one-time code again: always or never.',
    default: 'always',
    example: 'never',
  },
  LOGIN_TTL_SECONDS: { description: 'How long a login may take from start to completion.', default: '900', example: '600' },
  OTP_SECRET: {
    description: 'Key of the HMAC under which one-time codes are stored. Generated and kept in DATA_DIR in development.',
    example: '<64 hex digits>',
    secret: true,
  },
  LOGIN_STATE_KEY: {
    description: 'Secret from which the AES-256-GCM key that encrypts personal data of logins in progress (in Redis) is derived. Generated and kept in DATA_DIR in development.',
    example: '<64 hex digits>',
    secret: true,
  },
  OTP_TTL_SECONDS: { description: 'Validity of a one-time code (at most 600).', default: '300', example: '300' },
  OTP_MAX_ATTEMPTS: { description: 'Wrong attempts allowed per code before the login is locked.', default: '5', example: '5' },
  OTP_MAX_ATTEMPTS_PER_LOGIN: {
    description: 'Wrong attempts allowed over a whole login, re-sends included, before it is locked.',
    default: '10',
    example: '10',
  },
  OTP_MAX_RESENDS: { description: 'Re-sends allowed per login.', default: '3', example: '3' },
  OTP_RESEND_COOLDOWN_SECONDS: { description: 'Wait between two sends of a code.', default: '60', example: '60' },
  OTP_SENDS_PER_DESTINATION_PER_HOUR: { description: 'Codes sent to one phone or e-mail per hour.', default: '10', example: '10' },
  OTP_SENDS_PER_SUBJECT_PER_HOUR: { description: 'Codes sent for one provider subject per hour.', default: '10', example: '10' },
  ASSERTION_SIGNING_KEYS: {
    description: 'ES256 private keys that sign assertions, as a JWK Set JSON with kid; the first signs, all are published. Generated and kept in Postgres in development.',
    example: '{"keys":[{"kty":"EC","crv":"P-256","kid":"2026-11",...}]}',
    secret: true,
  },
  OTP_SMS_CHANNEL: {
    description: 'How SMS codes leave: dev (the development outbox, GET /dev/outbox in development on loopback), http (an SMS gateway) or off.',
    default: 'dev (development), http (production)',
    example: 'http',
  },
  OTP_EMAIL_CHANNEL: {
    description: 'How e-mail codes leave: dev (the development outbox), smtp or off.',
    default: 'dev (development), smtp (production)',
    example: 'smtp',
  },
  SMTP_HOST: { description: 'SMTP server (required with OTP_EMAIL_CHANNEL=smtp).', example: 'smtp.example.ru' },
  SMTP_PORT: { description: 'SMTP port.', default: '587', example: '465' },
  SMTP_SECURE: { description: 'Implicit TLS from the first byte (usually port 465).', default: 'false', example: 'true' },
  SMTP_REQUIRE_TLS: {
    description: 'Refuse to send unless the server upgrades with STARTTLS (when SMTP_SECURE is false).',
    default: 'true',
    example: 'true',
  },
  SMTP_USER: { description: 'SMTP login.', example: 'no-reply@example.ru' },
  SMTP_PASSWORD: { description: 'SMTP password.', example: '<password>', secret: true },
  SMTP_FROM: {
    description: 'From header of code e-mails.',
    example: '"Учебный профиль" <no-reply@example.ru>',
  },
  SMS_GATEWAY_URL: { description: 'SMS gateway endpoint (required with OTP_SMS_CHANNEL=http).', example: 'https://sms.example.ru/api/send' },
  SMS_GATEWAY_METHOD: { description: 'HTTP method: POST, PUT or GET.', default: 'POST', example: 'POST' },
  SMS_GATEWAY_CONTENT_TYPE: {
    description: 'Content-Type of the request; it decides how {phone} and {text} are escaped (JSON, form, XML).',
    default: 'application/json',
    example: 'application/x-www-form-urlencoded',
  },
  SMS_GATEWAY_AUTHORIZATION: {
    description: 'Value of the Authorization header sent to the gateway.',
    example: 'Bearer <token>',
    secret: true,
  },
  SMS_GATEWAY_HEADERS: { description: 'More request headers, as a JSON object of strings.', default: '{}', example: '{"X-Sender":"SCHOOL"}' },
  SMS_GATEWAY_BODY_TEMPLATE: {
    description: 'Request body (query string for GET) with the {phone} and {text} placeholders.',
    default: '{"to":"{phone}","text":"{text}"}',
    example: 'to={phone}&msg={text}',
  },
  SMS_GATEWAY_SUCCESS_STATUSES: { description: 'HTTP statuses that mean accepted.', default: '200,201,202', example: '200' },
  SMS_GATEWAY_SUCCESS_FIELD: {
    description: 'Optional check of the JSON answer, as path=value (dotted path); a JSON value (true, 0, "0", null) is compared with its type, anything else as text.',
    example: 'status=ok',
  },
  SMS_GATEWAY_MESSAGE_ID_FIELD: { description: 'Dotted path of the gateway’s message id in its JSON answer.', example: 'result.id' },
  DELIVERY_ATTEMPT_TIMEOUT_MS: { description: 'Timeout of one delivery attempt.', default: '5000', example: '3000' },
  DELIVERY_TOTAL_TIMEOUT_MS: {
    description: 'Deadline of one delivery, retries included: the client’s HTTP request never waits longer.',
    default: '12000',
    example: '8000',
  },
  DELIVERY_MAX_ATTEMPTS: { description: 'Attempts per delivery (retries on 5xx and network errors only).', default: '3', example: '3' },
  DELIVERY_BREAKER_THRESHOLD: { description: 'Consecutive failures that open a channel’s circuit breaker.', default: '5', example: '5' },
  DELIVERY_BREAKER_COOLDOWN_MS: { description: 'How long an open breaker waits before a trial attempt.', default: '30000', example: '30000' },

  // The provider dialect and ESIA's own protocol (docs/esia.md).
  PROVIDER_DIALECT: {
    description: 'How the service talks to the provider: `oidc` (standard OpenID Connect with discovery) or `esia` (ESIA’s signed v2/ac + v3/te with GOST; see docs/esia.md).',
    default: 'oidc',
    example: 'esia',
  },
  ESIA_BASE_URL: {
    description: 'ESIA: `production` (https://esia.gosuslugi.ru), `test` (https://esia-portal1.test.gosuslugi.ru) or a URL. Unset in development: the sandbox. Required in production with PROVIDER_DIALECT=esia.',
    default: 'the sandbox (development)',
    example: 'production',
  },
  ESIA_ISSUER: {
    description: 'ESIA: `iss` of ESIA’s tokens, compared exactly.',
    default: 'the preset’s (http://esia.gosuslugi.ru/, http://esia-portal1.test.gosuslugi.ru/)',
    example: 'http://esia.gosuslugi.ru/',
  },
  ESIA_CERTIFICATE: {
    description: 'ESIA: ESIA’s signing certificate(s) its tokens are verified with, PEM text or the path of a PEM file (several blocks during a rotation). Required outside the sandbox.',
    example: '/etc/esia-bridge/esia-prod.pem',
  },
  ESIA_CLIENT_CERTIFICATE: {
    description: 'ESIA: the system’s certificate registered at ESIA (GOST R 34.10-2012, 256 bit), PEM text or path. Generated in development.',
    example: '/etc/esia-bridge/system.crt.pem',
  },
  ESIA_CLIENT_KEY: {
    description: 'ESIA: the system’s private key (PEM PKCS#8, unencrypted) or its path, for ESIA_SIGNER=in-process. Generated in development.',
    example: '/run/secrets/esia-system.key.pem',
    secret: true,
  },
  ESIA_CLIENT_CERTIFICATE_HASH: {
    description: 'ESIA: client_certificate_hash as ESIA’s tool printed it (hex); default: Streebog-256 of ESIA_CLIENT_CERTIFICATE’s DER.',
    example: '<64 hex digits>',
  },
  ESIA_ENDPOINTS: {
    description: 'ESIA: `v2` (/aas/oauth2/v2/ac + v3/te, raw GOST signature) or `legacy` (/aas/oauth2/ac + /te, detached CMS signature).',
    default: 'v2',
    example: 'legacy',
  },
  ESIA_SIGNER: {
    description: 'ESIA: where the system’s key signs: `in-process` (Node with the OpenSSL GOST engine) or `remote` (a signing service at SIGNER_URL).',
    default: 'in-process',
    example: 'remote',
  },
  GOST_ENGINE_PATH: {
    description: 'Full path of the OpenSSL GOST engine (gost.so). Default: found in OPENSSL_ENGINES or the system’s engines-3 folders (Debian: libengine-gost-openssl).',
    example: '/usr/lib/x86_64-linux-gnu/engines-3/gost.so',
  },
  SIGNER_URL: { description: 'Signing service base URL (required with ESIA_SIGNER=remote): POST /sign, /verify, /digest.', example: 'http://signer:8080/gost' },
  SIGNER_AUTHORIZATION: { description: 'Authorization header sent to the signing service.', example: 'Bearer <token>', secret: true },
  SIGNER_TIMEOUT_MS: { description: 'Timeout of one call to the signing service.', default: '2000', example: '1000' },
  SIGNER_MAX_ATTEMPTS: { description: 'Attempts per call to the signing service (retries on 5xx, 429, timeouts and network errors).', default: '2', example: '3' },
} satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof VARIABLES;
