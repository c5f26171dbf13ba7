// The port through which one-time codes leave the service. Adapters (development
// outbox, SMTP, SMS gateway) implement it; the use cases only see this interface.

import type { Logger } from 'pino';
import type { Locale } from '../domain/errors.js';

export type Channel = 'sms' | 'email';

export interface CodeMessage {
  channel: Channel;
  /** E.164 phone for sms, lower-case address for email. */
  destination: string;
  code: string;
  locale: Locale;
  /** How long the code stays valid, in seconds (shown to the person). */
  validForSeconds: number;
  /** Correlates the delivery with a login in logs and the outbox; never shown to the person. */
  loginId: string;
  /** The serving request's logger (request and login ids bound), for what the channel logs. */
  log?: Logger;
}

export interface DeliveryReport {
  status: 'sent' | 'failed';
  attempts: number;
  providerMessageId?: string;
  /** A short technical reason for a failure; never contains the code or the full destination. */
  error?: string;
}

export interface DeliveryChannel {
  readonly channel: Channel;
  send(message: CodeMessage): Promise<DeliveryReport>;
}

/** Routes a code to the channel configured for it and records the attempt; never throws for a failed send. */
export interface CodeDelivery {
  has(channel: Channel): boolean;
  send(message: CodeMessage): Promise<DeliveryReport>;
}

/** One attempt to deliver a code, as the outbox keeps it: never the code, only a masked destination. */
export interface DeliveryAttempt {
  loginId: string;
  channel: Channel;
  destinationMasked: string;
}

/** The delivery outbox: an attempt is begun before the code leaves and finished with its outcome. */
export interface DeliveryLog {
  begin(attempt: DeliveryAttempt): Promise<string>;
  finish(id: string, report: DeliveryReport): Promise<void>;
}
