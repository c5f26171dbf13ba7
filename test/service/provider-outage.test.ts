// /readyz reaches the provider for real: with the provider gone it says so within a
// few seconds, and recovers when it is back, without a restart.

import t from 'tap';
import { startSandbox } from '../../src/sandbox/index.js';
import { build } from '../helpers/service.js';

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  let last = await probe();
  while (!ok(last) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}

t.test('the provider killed and brought back', async (t) => {
  let sandbox = await startSandbox({ port: 0, clients: [] });
  const port = Number(new URL(sandbox.issuer).port);
  t.teardown(() => sandbox.close());
  const { app } = await build(t, { PROVIDER_ISSUER: sandbox.issuer });
  const readiness = async () => {
    const res = await app.inject('/readyz');
    return { status: res.statusCode, body: res.json() as { down?: string[] } };
  };
  t.equal((await eventually(readiness, (r) => r.status === 200)).status, 200, 'ready');
  await sandbox.close();
  const down = await eventually(readiness, (r) => r.status === 503);
  t.same(down.body.down, ['provider'], 'the provider is named once it stops answering');
  sandbox = await startSandbox({ port, clients: [] });
  t.equal((await eventually(readiness, (r) => r.status === 200)).status, 200, 'back without a restart');
});
