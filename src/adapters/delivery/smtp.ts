// E-mail delivery over SMTP with nodemailer: one pooled transporter per channel,
// reused by every send(); close() closes the pool.
//
// Retry classification for SMTP (RFC 5321 reply classes):
//   - connection-level failures without a reply (ECONNECTION, ESOCKET, ETIMEDOUT, EDNS,
//     ECONNREFUSED/ECONNRESET/EPIPE) and per-attempt timeouts → retried
//   - 4yz replies (transient negative, e.g. 421, 450, 451, 452) → retried
//   - 5yz replies (permanent negative, e.g. 535 bad credentials, 550 mailbox unavailable,
//     554) → NOT retried
//   - anything else (TLS/STARTTLS failure, missing credentials, bad envelope or message,
//     configuration errors) → NOT retried: repeating the same attempt cannot help
// nodemailer's own requeueing is off (maxRequeues: 0) so the attempt count is exact.
// Error reasons are `smtp_<reply code>` (e.g. `smtp_535`), `smtp_timeout`, or
// `smtp_<nodemailer error code>` (e.g. `smtp_econnection`, `smtp_etls`); nodemailer's
// messages (which may quote addresses) are never passed on.

import nodemailer from 'nodemailer';
import type { CodeMessage, DeliveryChannel, DeliveryReport } from '../../ports/delivery.js';
import { emailContent } from './code-text.js';
import { DeliveryError, resilientChannel } from './resilience.js';
import type { AttemptOutcome, BreakerState, ChannelDeps, ResilienceOptions } from './resilience.js';

export interface SmtpOptions {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (usually port 465). */
  secure: boolean;
  /** Refuse to send unless the server upgrades with STARTTLS (when `secure` is false). */
  requireTls: boolean;
  user?: string;
  password?: string;
  /** The From header, e.g. `"Учебный профиль" <no-reply@example.org>`. */
  from: string;
  resilience: ResilienceOptions;
  tls?: { rejectUnauthorized?: boolean };
}

export type SmtpDeps = ChannelDeps;

export interface SmtpChannel extends DeliveryChannel {
  readonly channel: 'email';
  breakerState(): BreakerState;
  /** Closes the connection pool (idle connections at once, busy ones after their message). */
  close(): void;
}

const TRANSIENT_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

/** Maps a nodemailer error to a DeliveryError with the SMTP retry classification. */
export function classifySmtpError(err: unknown): DeliveryError {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (responseCode !== undefined && responseCode >= 400 && responseCode <= 599) {
    return new DeliveryError(`smtp_${responseCode}`, responseCode < 500, responseCode);
  }
  const code = typeof e.code === 'string' && /^[A-Z0-9_]{1,32}$/.test(e.code) ? e.code : undefined;
  if (code === 'EABORT') return new DeliveryError('attempt_timeout', true);
  if (code === 'ETIMEDOUT') return new DeliveryError('smtp_timeout', true);
  if (code !== undefined) return new DeliveryError(`smtp_${code.toLowerCase()}`, TRANSIENT_CODES.has(code), responseCode);
  return new DeliveryError('smtp_error', false, responseCode);
}

function replyCode(response: unknown): number | undefined {
  if (typeof response !== 'string') return undefined;
  const match = /^(\d{3})/.exec(response);
  return match ? Number(match[1]) : undefined;
}

export function createSmtpChannel(options: SmtpOptions, deps: SmtpDeps): SmtpChannel {
  const { attemptTimeoutMs } = options.resilience;

  if (options.tls?.rejectUnauthorized === false) {
    deps.logger?.warn(
      { event: 'delivery.smtp_tls_unverified', channel: 'email' },
      'delivery.smtp_tls_unverified',
    );
  }

  const transporter = nodemailer.createTransport({
    pool: true,
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: options.requireTls,
    auth: options.user !== undefined ? { user: options.user, pass: options.password ?? '' } : undefined,
    tls: options.tls ? { ...options.tls } : undefined,
    // Retries are the policy's job; a requeue inside nodemailer would be an uncounted attempt.
    maxRequeues: 0,
    connectionTimeout: attemptTimeoutMs,
    greetingTimeout: attemptTimeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });
  // A transport-level error is also reported to the sendMail() that hit it; this listener
  // only keeps an 'error' event without listeners from crashing the process.
  transporter.on('error', (err: unknown) => {
    const { reason } = classifySmtpError(err);
    deps.logger?.warn({ event: 'delivery.smtp_transport_error', channel: 'email', reason }, 'delivery.smtp_transport_error');
  });

  async function attempt(message: CodeMessage, signal: AbortSignal): Promise<AttemptOutcome> {
    const content = emailContent(message);
    try {
      const info = await transporter.sendMail({
        from: options.from,
        to: message.destination,
        subject: content.subject,
        text: content.text,
        html: content.html,
        headers: { 'Content-Language': message.locale },
        signal,
      });
      const outcome: AttemptOutcome = {};
      if (typeof info.messageId === 'string' && info.messageId !== '') outcome.providerMessageId = info.messageId;
      const status = replyCode(info.response);
      if (status !== undefined) outcome.status = status;
      return outcome;
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  return { ...resilientChannel('email', options.resilience, deps, attempt), close: () => transporter.close() };
}
