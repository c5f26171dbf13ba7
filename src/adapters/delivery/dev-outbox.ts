// The development delivery channel: instead of sending, it keeps the last messages in
// memory, where tests and a developer (GET /dev/outbox) can read them, all of them or
// one login's (so that logins running at once, as in the benchmark, never take each
// other's codes). It refuses to exist in production.

import { emailContent, smsText } from './code-text.js';
import type { Channel, CodeMessage, DeliveryChannel, DeliveryReport } from '../../ports/delivery.js';

export interface OutboxMessage {
  loginId: string;
  channel: Channel;
  destination: string;
  text: string;
  at: string;
}

const KEEP = 200;

export class DevOutbox {
  private readonly messages: OutboxMessage[] = [];

  constructor(nodeEnv: string) {
    if (nodeEnv === 'production') throw new Error('the development outbox cannot run in production');
  }

  channel(channel: Channel): DeliveryChannel {
    return { channel, send: (message) => this.keep(message) };
  }

  /** Newest first; only the messages of `loginId` when given. */
  list(loginId?: string): OutboxMessage[] {
    const kept = loginId === undefined ? this.messages : this.messages.filter((m) => m.loginId === loginId);
    return [...kept].reverse();
  }

  private async keep(message: CodeMessage): Promise<DeliveryReport> {
    const text =
      message.channel === 'sms'
        ? smsText(message.code, message.locale)
        : emailContent({ code: message.code, locale: message.locale, validForSeconds: message.validForSeconds }).text;
    const { loginId, channel, destination } = message;
    this.messages.push({ loginId, channel, destination, text, at: new Date().toISOString() });
    if (this.messages.length > KEEP) this.messages.shift();
    return { status: 'sent', attempts: 1, providerMessageId: `dev-${this.messages.length}` };
  }
}
