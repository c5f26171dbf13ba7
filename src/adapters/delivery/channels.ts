// Builds the delivery channels the configuration asks for: the development outbox,
// an HTTP SMS gateway, SMTP e-mail, or none for a channel switched off.

import type { Logger } from 'pino';
import type { DeliveryConfig } from '../../config/delivery.js';
import type { DeliveryChannel } from '../../ports/delivery.js';
import type { DeliveryMetrics } from '../../observability/metrics.js';
import { DevOutbox } from './dev-outbox.js';
import { createSmsHttpChannel } from './sms-http.js';

export interface Channels {
  channels: DeliveryChannel[];
  outbox: DevOutbox | null;
  close(): void;
}

// SMTP (nodemailer) is loaded only when e-mail leaves through it: a deployment that
// does not send e-mail does not carry the library.
export async function createChannels(config: DeliveryConfig, nodeEnv: string, logger: Logger, metrics: DeliveryMetrics): Promise<Channels> {
  const usesOutbox = config.sms.kind === 'dev' || config.email.kind === 'dev';
  const outbox = usesOutbox ? new DevOutbox(nodeEnv) : null;
  const channels: DeliveryChannel[] = [];
  const closers: (() => void)[] = [];
  const deps = { metrics, logger: logger.child({ component: 'delivery' }) };

  if (config.sms.kind === 'dev' && outbox) channels.push(outbox.channel('sms'));
  if (config.sms.kind === 'http') channels.push(createSmsHttpChannel(config.sms.options, deps));
  if (config.email.kind === 'dev' && outbox) channels.push(outbox.channel('email'));
  if (config.email.kind === 'smtp') {
    const { createSmtpChannel } = await import('./smtp.js');
    const smtp = createSmtpChannel(config.email.options, deps);
    channels.push(smtp);
    closers.push(() => smtp.close());
  }
  return { channels, outbox, close: () => closers.forEach((close) => close()) };
}
