// Routes a code to the channel configured for it and keeps the outbox: the attempt
// is recorded before the code leaves (a process killed mid-send still leaves a
// trace) and finished with its outcome. A failed send never throws: the login shows
// `otp.delivery: "failed"` and the person may re-send at once. An outbox that cannot
// be written does not stop the code, but is logged.

import type { Logger } from 'pino';
import { maskDestination } from '../../domain/login.js';
import type { CodeDelivery, DeliveryChannel, DeliveryLog, DeliveryReport } from '../../ports/delivery.js';

export function codeDelivery(channels: DeliveryChannel[], log: DeliveryLog, logger: Logger): CodeDelivery {
  const byChannel = new Map(channels.map((c) => [c.channel, c]));
  const outboxFailed = (err: unknown) => {
    logger.error({ event: 'delivery.outbox_failed', err }, 'could not record a delivery');
    return null;
  };
  return {
    has: (channel) => byChannel.has(channel),
    async send(message) {
      const attempt = { loginId: message.loginId, channel: message.channel, destinationMasked: maskDestination(message) };
      const id = await log.begin(attempt).catch(outboxFailed);
      const channel = byChannel.get(message.channel);
      const report: DeliveryReport = channel
        ? await channel.send(message).catch(() => ({ status: 'failed' as const, attempts: 1, error: 'unexpected_error' }))
        : { status: 'failed', attempts: 0, error: 'channel_not_configured' };
      if (id !== null) await log.finish(id, report).catch(outboxFailed);
      return report;
    },
  };
}
