// Routes a code to the channel configured for it, records the delivery in the
// outbox table and never throws for a failed send: the login shows
// `otp.delivery: "failed"` and the person may re-send at once.

import type pg from 'pg';
import type { Logger } from 'pino';
import { deliveriesRepository } from '../adapters/postgres/deliveries-repository.js';
import { maskDestination } from '../domain/login.js';
import type { Channel, CodeMessage, DeliveryChannel, DeliveryReport } from '../ports/delivery.js';

export interface CodeDelivery {
  has(channel: Channel): boolean;
  send(message: CodeMessage): Promise<DeliveryReport>;
}

export function codeDelivery(channels: DeliveryChannel[], pool: pg.Pool, logger: Logger): CodeDelivery {
  const byChannel = new Map(channels.map((c) => [c.channel, c]));
  const outbox = deliveriesRepository(pool);
  return {
    has: (channel) => byChannel.has(channel),
    async send(message) {
      const channel = byChannel.get(message.channel);
      const report: DeliveryReport = channel
        ? await channel.send(message).catch(() => ({ status: 'failed' as const, attempts: 1, error: 'unexpected_error' }))
        : { status: 'failed', attempts: 0, error: 'channel_not_configured' };
      await outbox
        .record({
          loginId: message.loginId,
          channel: message.channel,
          destinationMasked: maskDestination(message),
          status: report.status,
          attempts: report.attempts,
          providerMessageId: report.providerMessageId ?? null,
          error: report.error ?? null,
        })
        .catch((err: unknown) => logger.error({ event: 'delivery.outbox_failed', err }, 'could not record a delivery'));
      return report;
    },
  };
}
