// A Redis failover in the middle of a login, on Sentinel and on Cluster: every step
// either works or fails with a problem+json naming its code, and whatever a step
// answered as done is on the new master — nothing the client was told is lost.

import t, { type Test } from 'tap';
import type { LoginRecord } from '../../../src/domain/login.js';
import { flowHarness, type Reply } from '../../helpers/flow.js';
import { startRedisCluster, startSentinelSetup, type RedisServer } from '../../helpers/redis-servers.js';

type Harness = Awaited<ReturnType<typeof flowHarness>>;

/** Calls `step` until it is answered below 500; every 5xx on the way must be a problem with a code. */
async function persist(t: Test, step: () => Promise<Reply>): Promise<Reply> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const reply = await step();
    if (reply.status < 500 || Date.now() > deadline) return reply;
    t.match(reply.headers['content-type'], /^application\/problem\+json/, `a ${reply.status} during the failover is a problem`);
    t.match(reply.body, { status: reply.status, code: String }, `it names its code (${reply.body?.code})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Fails over the master that holds the login, then at once — while the service may
 * still talk to the old master — claims and completes it. The login completes, or a
 * step refuses with a client error naming its code; what was answered as done is
 * on the new master.
 */
async function loginAcrossFailover(t: Test, h: Harness, failOver: (loginId: string) => Promise<RedisServer>): Promise<void> {
  const { id, handoff } = await h.throughProvider('adult-phone-only');
  const newMaster = await failOver(id);
  const claim = await persist(t, () => h.call('POST', `/v1/logins/${id}/claim`, { handoff }));
  const done = claim.status === 200 ? await persist(t, () => h.call('POST', `/v1/logins/${id}/profile`, { confirm: true })) : claim;
  if (done.status === 200) {
    t.equal(done.body.status, 'completed', 'the login finishes');
  } else {
    t.ok(done.status >= 400 && done.status < 500, `or fails with a client error (${done.status})`);
    t.match(done.body, { code: String }, `naming its code (${done.body?.code})`);
  }

  const raw = await newMaster.client.get(`${h.service.config.redis.keyPrefix}:login:{${id}}`);
  t.ok(raw, 'the login is on the new master');
  const stored = JSON.parse(raw ?? '{}') as LoginRecord;
  if (claim.status === 200) t.equal(stored.claimed, true, 'the answered claim is on the new master');
  if (done.status === 200) t.equal(stored.status, 'completed', 'the answered completion is on the new master');
}

t.test('Sentinel: SENTINEL FAILOVER while a login is claimed', async (t) => {
  const setup = await startSentinelSetup(t);
  const h = await flowHarness(t, { REDIS_URL: '', REDIS_SENTINELS: setup.nodes, REDIS_SENTINEL_MASTER: setup.masterName });
  await loginAcrossFailover(t, h, () => setup.failOver());
});

t.test('Cluster: CLUSTER FAILOVER of the login’s master while it is claimed', async (t) => {
  const cluster = await startRedisCluster(t);
  const h = await flowHarness(t, { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodes });
  await loginAcrossFailover(t, h, (id) => cluster.failOver(`login:{${id}}`));
});
