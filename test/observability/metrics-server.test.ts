// The metrics listener alone: one route, HEAD included, and a failed collection is
// a 500 with a log line, never a crash.

import { Gauge, Registry } from 'prom-client';
import t from 'tap';
import { startMetricsServer } from '../../src/observability/metrics-server.js';
import { captureLogger } from '../helpers/capture-logs.js';

t.test('HEAD answers without a body; a collection that fails is a 500, logged', async (t) => {
  const registry = new Registry();
  let broken = false;
  new Gauge({
    name: 'test_gauge',
    help: 'a gauge whose source may fail',
    registers: [registry],
    collect() {
      if (broken) throw new Error('the source is gone');
      this.set(1);
    },
  });
  const logs = captureLogger();
  const server = await startMetricsServer(registry, { port: 0, host: '127.0.0.1' }, logs.logger);
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${server.port}/metrics`;

  const head = await fetch(url, { method: 'HEAD' });
  t.equal(head.status, 200);
  t.equal(await head.text(), '');
  t.match(await (await fetch(`${url}?name=x`)).text(), /^test_gauge 1$/m, 'a query is ignored');

  broken = true;
  const failed = await fetch(url);
  t.equal(failed.status, 500);
  t.match(logs.lines(), [{ event: 'metrics.listening' }, { event: 'metrics.failed' }]);
});
