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
  OTP_TTL_SECONDS: { description: 'Validity of a one-time code (at most 600).', default: '300', example: '300' },
  OTP_MAX_ATTEMPTS: { description: 'Wrong attempts allowed per code before the login is locked.', default: '5', example: '5' },
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
    description: 'How SMS codes leave: dev (the development outbox, GET /dev/outbox), http (an SMS gateway) or off.',
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
    description: 'Optional check of the JSON answer, as path=value (dotted path).',
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
} satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof VARIABLES;
