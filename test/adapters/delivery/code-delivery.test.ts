// Every code handed to delivery is counted by channel and outcome, whatever channel
// took it (the development outbox included) or refused it.

import pino from 'pino';
import t from 'tap';
import { codeDelivery } from '../../../src/adapters/delivery/code-delivery.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import type { CodeMessage, DeliveryChannel, DeliveryLog, DeliveryReport } from '../../../src/ports/delivery.js';
import { captureLogger } from '../../helpers/capture-logs.js';
import { metricValue } from '../../helpers/metrics.js';

const message = (over: Partial<CodeMessage> = {}): CodeMessage => ({
  channel: 'sms',
  destination: '+79990000000',
  code: '123456',
  locale: 'ru',
  validForSeconds: 300,
  loginId: 'login-1',
  ...over,
});

const channel = (reports: DeliveryReport[]): DeliveryChannel => ({
  channel: 'sms',
  send: async () => {
    const report = reports.shift();
    if (!report) throw new Error('the gateway library broke');
    return report;
  },
});

const noLog: DeliveryLog = { begin: async () => 'd-1', finish: async () => undefined };

t.test('codes are counted as sent, failed, circuit_open and not_configured', async (t) => {
  const metrics = createMetrics();
  const sms = channel([
    { status: 'sent', attempts: 1 },
    { status: 'failed', attempts: 3, error: 'http_503' },
    { status: 'failed', attempts: 0, error: 'circuit_open' },
  ]);
  const codes = codeDelivery([sms], noLog, pino({ level: 'silent' }), metrics);
  for (let i = 0; i < 4; i++) await codes.send(message());
  t.same(await codes.send(message({ channel: 'email', destination: 'a@example.ru' })), { status: 'failed', attempts: 0, error: 'channel_not_configured' });
  const count = (channel: string, outcome: string) => metricValue(metrics, 'esia_bridge_codes_sent_total', { channel, outcome });
  t.equal(await count('sms', 'sent'), 1);
  t.equal(await count('sms', 'failed'), 2, 'a gateway failure, and a channel that threw');
  t.equal(await count('sms', 'circuit_open'), 1);
  t.equal(await count('email', 'not_configured'), 1);
});

t.test('an outbox that cannot be written is logged on the request’s logger', async (t) => {
  const logs = captureLogger();
  const broken: DeliveryLog = { begin: async () => Promise.reject(new Error('db down')), finish: async () => undefined };
  const codes = codeDelivery([channel([{ status: 'sent', attempts: 1 }])], broken, pino({ level: 'silent' }), createMetrics());
  const report = await codes.send(message({ log: logs.logger.child({ reqId: 'req-1', loginId: 'login-1' }) }));
  t.equal(report.status, 'sent', 'the code still leaves');
  t.match(logs.lines(), [{ event: 'delivery.outbox_failed', reqId: 'req-1', loginId: 'login-1' }]);
});
