// Start-up against a Redis that is not there fails at once with the reason, for
// each topology, and leaves no reconnecting client behind (the test would hang).

import pino from 'pino';
import t from 'tap';
import type { RedisConnection } from '../../../src/adapters/redis/redis-connection.js';
import { RedisStore } from '../../../src/adapters/redis/redis-store.js';
import { freePort } from '../../helpers/free-port.js';

const noAuth = { username: null, password: null, tls: false };

t.test('no Redis at the address: connect rejects', async (t) => {
  const port = await freePort();
  const connections: RedisConnection[] = [
    { kind: 'url', url: `redis://127.0.0.1:${port}` },
    { kind: 'cluster', nodes: [{ host: '127.0.0.1', port }], auth: noAuth },
  ];
  for (const connection of connections) {
    const started = Date.now();
    await t.rejects(
      RedisStore.connect({ connection, keyPrefix: 'x', commandTimeoutMs: 500, waitReplicas: 0 }, pino({ level: 'silent' })),
      connection.kind,
    );
    t.ok(Date.now() - started < 5000, `${connection.kind}: within the connect timeout`);
  }
});
