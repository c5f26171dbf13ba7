// The development delivery channel: instead of sending, it keeps the last messages in
// memory, where tests and a developer (GET /dev/outbox) can read them. It refuses to
// exist in production.

import { emailContent, smsText } from './code-text.js';
import type { Channel, CodeMessage, DeliveryChannel, DeliveryReport } from '../../ports/delivery.js';

export interface OutboxMessage {
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

  /** Newest first. */
  list(): OutboxMessage[] {
    return [...this.messages].reverse();
  }

  private async keep(message: CodeMessage): Promise<DeliveryReport> {
    const text =
      message.channel === 'sms'
        ? smsText(message.code, message.locale)
        : emailContent({ code: message.code, locale: message.locale, validForSeconds: message.validForSeconds }).text;
    this.messages.push({ channel: message.channel, destination: message.destination, text, at: new Date().toISOString() });
    if (this.messages.length > KEEP) this.messages.shift();
    return { status: 'sent', attempts: 1, providerMessageId: `dev-${this.messages.length}` };
  }
}
