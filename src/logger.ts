// pino options shared by the service, the CLI and the sandbox. Logs are JSON, carry
// event names and ids, and never hold codes, tokens, secrets, phones or e-mails: those
// paths are redacted, and query strings (the provider's callback carries `code` and
// `state`) are cut from logged URLs.

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
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
];

export function withoutQuery(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

export function loggerOptions(level: string, pretty: boolean): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; ip?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url ? withoutQuery(req.url) : undefined,
        remoteAddress: req.ip,
      }),
      err: pino.stdSerializers.err,
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  };
}

export function wantsPrettyLogs(nodeEnv: string): boolean {
  return nodeEnv === 'development' && process.stdout.isTTY === true;
}

export function createLogger(level: string, nodeEnv: string): pino.Logger {
  return pino(loggerOptions(level, wantsPrettyLogs(nodeEnv)));
}
