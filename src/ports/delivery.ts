// The port through which one-time codes leave the service. Adapters (development
// outbox, SMTP, SMS gateway) implement it; the use cases only see this interface.

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
