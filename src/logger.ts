// pino options shared by the service, the CLI and the sandbox. Logs are JSON, carry
// event names and ids, and never hold codes, tokens, secrets, phones or e-mails: those
// paths are redacted, query strings (the provider's callback carries `code` and
// `state`) are cut from logged URLs, and database errors lose the values they carry.

import pino, { type LoggerOptions } from 'pino';

const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'password',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'code',
  'code_verifier',
  'otp',
  'handoff',
  'state',
  'nonce',
  'phone',
  'phone_number',
  'email',
  'destination',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS,
];

const CENSOR = '[redacted]';
const SENSITIVE = new Set(SENSITIVE_KEYS);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The sensitive keys one level down (`{ person: { phone } }`), what pino's `*.phone`
 * redact paths did. Those wildcard paths made pino run its redactor on every binding
 * of every child logger (`reqId`, `loginId`: one per request), a few per cent of a
 * busy service's CPU; this runs only on what is logged, and copies only an object
 * that holds such a key. The top-level keys stay pino's, for bindings too: bind ids
 * only, never an object.
 */
export function redactNested(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | null = null;
  for (const key in object) {
    const value = object[key];
    if (!isPlainObject(value) || !Object.keys(value).some((k) => SENSITIVE.has(k))) continue;
    copy ??= { ...object };
    copy[key] = censored(value);
  }
  return copy ?? object;
}

const censored = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SENSITIVE.has(k) ? CENSOR : v]));

export function withoutQuery(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

// What a Postgres error may log: where it happened, never what was in the row.
// `detail` ("Failing row contains (…)", "Key (email)=(…)"), `where`, `hint` and
// `internalQuery` can all hold submitted values, so they are left out.
const DATABASE_ERROR_FIELDS = ['severity', 'schema', 'table', 'column', 'dataType', 'constraint', 'routine'] as const;

type ErrorLike = Error & Record<string, unknown>;

function isDatabaseError(err: unknown): err is ErrorLike {
  const e = err as Partial<Record<string, unknown>> | null;
  return typeof e?.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
}

function databaseErrorIn(err: unknown): ErrorLike | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (isDatabaseError(e)) return e;
  }
  return null;
}

// Postgres quotes rejected values in its messages (invalid input syntax for type date:
// "…"); the identifiers it also quotes stay available as table and constraint.
const withoutQuoted = (text: string) => text.replace(/"[^"]*"/g, '"…"');

/**
 * pino's error serializer, except for an error that is or wraps a database error:
 * then the SQLSTATE (as `sqlstate`: `code` is a redacted key), where it happened, and
 * the message and stack with every quoted value cut.
 */
export function serializeError(err: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  const db = databaseErrorIn(err);
  if (!db) return serialized;
  const fields = Object.fromEntries(DATABASE_ERROR_FIELDS.filter((f) => db[f] !== undefined).map((f) => [f, db[f]]));
  return {
    type: serialized.type,
    message: withoutQuoted(String(serialized.message)),
    stack: withoutQuoted(String(serialized.stack)),
    sqlstate: db.code,
    ...fields,
  };
}

export function loggerOptions(level: string, pretty: boolean): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    formatters: { log: redactNested },
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; ip?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url ? withoutQuery(req.url) : undefined,
        remoteAddress: req.ip,
      }),
      // An error is not a plain object when redactNested sees it: its serialized
      // form gets the same censor (a `code`, `state`, `phone`… set on an error).
      err: (err: Error) => censored(serializeError(err)),
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  };
}

export function wantsPrettyLogs(nodeEnv: string): boolean {
  return nodeEnv === 'development' && process.stdout.isTTY === true;
}

/**
 * Lines are written asynchronously: under load they are coalesced into fewer writes
 * instead of one blocking write() per line. pino flushes what is pending on exit.
 */
export function createLogger(level: string, nodeEnv: string): pino.Logger {
  const pretty = wantsPrettyLogs(nodeEnv);
  const options = loggerOptions(level, pretty);
  return pretty ? pino(options) : pino(options, pino.destination({ dest: 1, sync: false }));
}
