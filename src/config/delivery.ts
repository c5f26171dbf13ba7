// Configuration of the code delivery channels (SMTP e-mail, HTTP SMS gateway, the
// development outbox) and of their timeouts, retries and circuit breakers.

import { DEFAULT_RESILIENCE_OPTIONS, type ResilienceOptions } from '../adapters/delivery/resilience.js';
import { checkSmsHttpOptions, headerProblems, type JsonScalar, type SmsHttpOptions } from '../adapters/delivery/sms-http.js';
import type { SmtpOptions } from '../adapters/delivery/smtp.js';
import * as p from './parsers.js';
import type { ConfigReader } from './reader.js';

export interface DeliveryConfig {
  sms: { kind: 'dev' } | { kind: 'off' } | { kind: 'http'; options: SmsHttpOptions };
  email: { kind: 'dev' } | { kind: 'off' } | { kind: 'smtp'; options: SmtpOptions };
}

export function deliverySection(r: ConfigReader, production: boolean): DeliveryConfig {
  const resilience = resilienceOptions(r);
  const smsKind = r.get('OTP_SMS_CHANNEL', p.oneOf('dev', 'http', 'off'), production ? 'http' : 'dev') ?? 'off';
  const emailKind = r.get('OTP_EMAIL_CHANNEL', p.oneOf('dev', 'smtp', 'off'), production ? 'smtp' : 'dev') ?? 'off';
  if (production && smsKind === 'dev') r.problem('OTP_SMS_CHANNEL', 'must not be dev in production (the outbox sends nothing)');
  if (production && emailKind === 'dev') r.problem('OTP_EMAIL_CHANNEL', 'must not be dev in production (the outbox sends nothing)');
  return {
    sms: smsKind === 'http' ? { kind: 'http', options: smsOptions(r, resilience) } : { kind: smsKind },
    email: emailKind === 'smtp' ? { kind: 'smtp', options: smtpOptions(r, resilience) } : { kind: emailKind },
  };
}

function resilienceOptions(r: ConfigReader): ResilienceOptions {
  const d = DEFAULT_RESILIENCE_OPTIONS;
  const options = {
    ...d,
    attemptTimeoutMs: r.get('DELIVERY_ATTEMPT_TIMEOUT_MS', p.integer(100, 120_000), String(d.attemptTimeoutMs)) ?? d.attemptTimeoutMs,
    totalTimeoutMs: r.get('DELIVERY_TOTAL_TIMEOUT_MS', p.integer(100, 120_000), String(d.totalTimeoutMs)) ?? d.totalTimeoutMs,
    maxAttempts: r.get('DELIVERY_MAX_ATTEMPTS', p.integer(1, 10), String(d.maxAttempts)) ?? d.maxAttempts,
    breakerThreshold: r.get('DELIVERY_BREAKER_THRESHOLD', p.integer(1, 1000), String(d.breakerThreshold)) ?? d.breakerThreshold,
    breakerHalfOpenAfterMs:
      r.get('DELIVERY_BREAKER_COOLDOWN_MS', p.integer(100, 3_600_000), String(d.breakerHalfOpenAfterMs)) ?? d.breakerHalfOpenAfterMs,
  };
  if (options.attemptTimeoutMs > options.totalTimeoutMs) {
    r.problem('DELIVERY_ATTEMPT_TIMEOUT_MS', 'must not exceed DELIVERY_TOTAL_TIMEOUT_MS');
  }
  return options;
}

function smtpOptions(r: ConfigReader, resilience: ResilienceOptions): SmtpOptions {
  const host = r.get('SMTP_HOST', p.text);
  const from = r.get('SMTP_FROM', p.text);
  if (!host) r.problem('SMTP_HOST', 'is required with OTP_EMAIL_CHANNEL=smtp');
  if (!from) r.problem('SMTP_FROM', 'is required with OTP_EMAIL_CHANNEL=smtp');
  const user = r.get('SMTP_USER', p.text);
  const password = r.get('SMTP_PASSWORD', p.text);
  if (password && !user) r.problem('SMTP_USER', 'is required when SMTP_PASSWORD is set');
  return {
    host: host ?? '',
    port: r.get('SMTP_PORT', p.integer(1, 65535), '587') ?? 587,
    secure: r.get('SMTP_SECURE', p.boolean, 'false') ?? false,
    requireTls: r.get('SMTP_REQUIRE_TLS', p.boolean, 'true') ?? true,
    ...(user ? { user } : {}),
    ...(password ? { password } : {}),
    from: from ?? '',
    resilience,
  };
}

function smsOptions(r: ConfigReader, resilience: ResilienceOptions): SmsHttpOptions {
  const url = r.get('SMS_GATEWAY_URL', (raw) => p.httpUrl(raw).href);
  if (!url) r.problem('SMS_GATEWAY_URL', 'is required with OTP_SMS_CHANNEL=http');
  const method = r.get('SMS_GATEWAY_METHOD', p.oneOf('POST', 'PUT', 'GET'), 'POST') ?? 'POST';
  const authorization = r.get('SMS_GATEWAY_AUTHORIZATION', headerValue);
  const headers = {
    ...(r.get('SMS_GATEWAY_HEADERS', headerRecord, '{}') ?? {}),
    ...(method === 'GET' ? {} : { 'content-type': r.get('SMS_GATEWAY_CONTENT_TYPE', headerValue, 'application/json') ?? 'application/json' }),
    ...(authorization ? { authorization } : {}),
  };
  const success = r.get('SMS_GATEWAY_SUCCESS_FIELD', pathEquals);
  const messageId = r.get('SMS_GATEWAY_MESSAGE_ID_FIELD', p.text);
  const options: SmsHttpOptions = {
    url: url ?? 'http://invalid.invalid/',
    method,
    headers,
    bodyTemplate: r.get('SMS_GATEWAY_BODY_TEMPLATE', p.text, '{"to":"{phone}","text":"{text}"}') ?? '',
    successStatuses: r.get('SMS_GATEWAY_SUCCESS_STATUSES', statusList, '200,201,202') ?? [200],
    ...(success ? { successJsonField: success } : {}),
    ...(messageId ? { messageIdJsonField: messageId } : {}),
    resilience,
  };
  if (url) for (const problem of checkSmsHttpOptions(options)) r.problem('SMS_GATEWAY_BODY_TEMPLATE', `is not usable: ${problem}`);
  return options;
}

function statusList(raw: string): number[] {
  return p.list(raw).map((s) => p.integer(100, 599)(s));
}

/**
 * path=value, the value read as JSON when it is JSON (true, 0, "0", null) and as text
 * otherwise (ok): gateways answer typed JSON, and the text "true" never equals true.
 */
function pathEquals(raw: string): { path: string; equals: JsonScalar } {
  const eq = raw.indexOf('=');
  if (eq < 1) throw new Error('must look like path=value');
  const text = raw.slice(eq + 1).trim();
  let equals: unknown = text;
  try {
    equals = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  if (equals !== null && typeof equals === 'object') {
    throw new Error('must compare with a string, number, true, false or null, not an object or array');
  }
  return { path: raw.slice(0, eq).trim(), equals: equals as JsonScalar };
}

function headerRecord(raw: string): Record<string, string> {
  const headers = p.stringRecord(raw);
  const problems = headerProblems(headers);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return headers;
}

function headerValue(raw: string): string {
  const value = p.text(raw);
  if (/[\r\n\0]/.test(value)) throw new Error('must not contain CR, LF or NUL (it is sent as a header value)');
  return value;
}
