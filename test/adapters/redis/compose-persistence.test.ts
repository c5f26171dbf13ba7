// The Redis of docker-compose.yml, run with the compose file's own arguments: a
// login written more than a second before Redis is killed is there after a restart
// (append-only file, fsync every second).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { startRedisServer } from '../../helpers/redis-servers.js';

const compose = parse(readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8')) as {
  services: { redis: { command: string[] } };
};

t.test('a login in the compose file’s Redis survives a crash and a restart', async (t) => {
  const [program, ...args] = compose.services.redis.command;
  t.equal(program, 'redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'esia-bridge-aof-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  const first = await startRedisServer(t, { args, dir });
  await first.client.set('esia-bridge:login:{l1}', '{"status":"otp_required"}', 'PX', 600_000);
  await new Promise((r) => setTimeout(r, 1500)); // one fsync later
  await first.crash();

  const again = await startRedisServer(t, { args, dir, port: first.port });
  t.equal(await again.client.get('esia-bridge:login:{l1}'), '{"status":"otp_required"}');
  t.ok(Number(await again.client.pttl('esia-bridge:login:{l1}')) > 0, 'with its time to live');
});
