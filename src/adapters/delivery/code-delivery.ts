// Routes a code to the channel configured for it and keeps the outbox: the attempt
// is recorded before the code leaves (a process killed mid-send still leaves a
// trace) and finished with its outcome. A failed send never throws: the login shows
// `otp.delivery: "failed"` and the person may re-send at once. An outbox that cannot
// be written does not stop the code, but is logged.

import type { Logger } from 'pino';
import { maskDestination } from '../../domain/login.js';
import type { CodeOutcome, DeliveryMetrics } from '../../observability/metrics.js';
import type { CodeDelivery, DeliveryChannel, DeliveryLog, DeliveryReport } from '../../ports/delivery.js';

export function codeDelivery(channels: DeliveryChannel[], log: DeliveryLog, logger: Logger, metrics: DeliveryMetrics): CodeDelivery {
  const byChannel = new Map(channels.map((c) => [c.channel, c]));
  const outboxFailed = (log: Logger) => (err: unknown) => {
    log.error({ event: 'delivery.outbox_failed', err }, 'could not record a delivery');
    return null;
  };
  return {
    has: (channel) => byChannel.has(channel),
    async send(message) {
      const attempt = { loginId: message.loginId, channel: message.channel, destinationMasked: maskDestination(message) };
      const failed = outboxFailed(message.log ?? logger);
      const id = await log.begin(attempt).catch(failed);
      const channel = byChannel.get(message.channel);
      const report: DeliveryReport = channel
        ? await channel.send(message).catch(() => ({ status: 'failed' as const, attempts: 1, error: 'unexpected_error' }))
        : { status: 'failed', attempts: 0, error: 'channel_not_configured' };
      metrics.codeSent(message.channel, outcomeOf(report));
      if (id !== null) await log.finish(id, report).catch(failed);
      return report;
    },
  };
}

function outcomeOf(report: DeliveryReport): CodeOutcome {
  if (report.status === 'sent') return 'sent';
  if (report.error === 'circuit_open') return 'circuit_open';
  return report.error === 'channel_not_configured' ? 'not_configured' : 'failed';
}
