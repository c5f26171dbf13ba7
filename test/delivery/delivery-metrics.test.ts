import t from 'tap';
import { createDeliveryMetrics } from '../../src/adapters/delivery/delivery-metrics.js';

t.test('counts per channel and returns copies', async (t) => {
  const metrics = createDeliveryMetrics();
  t.same(metrics.snapshot(), {
    sms: { sent: 0, failed: 0, retried: 0 },
    email: { sent: 0, failed: 0, retried: 0 },
  });
  metrics.sent('sms');
  metrics.sent('sms');
  metrics.failed('email');
  metrics.retried('sms');
  const snapshot = metrics.snapshot();
  t.same(snapshot, {
    sms: { sent: 2, failed: 0, retried: 1 },
    email: { sent: 0, failed: 1, retried: 0 },
  });
  snapshot.sms.sent = 100;
  t.equal(metrics.snapshot().sms.sent, 2, 'the snapshot is a copy');
});
