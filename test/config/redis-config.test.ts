// Where login state lives: one Redis URL, Sentinel or Cluster — exactly one in
// production, each with its own settings, every mistake named at start.

import t from 'tap';
import { load, problemsOf } from '../helpers/config-problems.js';

const noAuth = { username: null, password: null, tls: false };

t.test('a single server from REDIS_URL, with a command timeout', async (t) => {
  const c = load({ REDIS_URL: 'rediss://u:p@redis:6380/2', REDIS_COMMAND_TIMEOUT_MS: '750' });
  t.same(c.redis, { connection: { kind: 'url', url: 'rediss://u:p@redis:6380/2' }, keyPrefix: 'esia-bridge', commandTimeoutMs: 750, waitReplicas: 0 });
  t.equal(load({}).redis.commandTimeoutMs, 2000, 'two seconds unless configured');
});

t.test('Sentinel: the sentinels, the master name and the credentials', async (t) => {
  const c = load({
    REDIS_SENTINELS: 's1:26380, s2, [::1]:26381',
    REDIS_SENTINEL_MASTER: 'esia',
    REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    REDIS_USERNAME: 'bridge',
    REDIS_PASSWORD: 'redis-secret',
    REDIS_TLS: 'true',
  });
  t.same(c.redis.connection, {
    kind: 'sentinel',
    sentinels: [{ host: 's1', port: 26380 }, { host: 's2', port: 26379 }, { host: '::1', port: 26381 }],
    masterName: 'esia',
    sentinelPassword: 'sentinel-secret',
    auth: { username: 'bridge', password: 'redis-secret', tls: true },
  });
  t.equal(c.redis.waitReplicas, 1, 'each write waits for a replica unless configured');
});

t.test('Cluster: the seed nodes', async (t) => {
  const c = load({ REDIS_CLUSTER_NODES: 'redis-1:7000,redis-2' });
  t.same(c.redis.connection, { kind: 'cluster', nodes: [{ host: 'redis-1', port: 7000 }, { host: 'redis-2', port: 6379 }], auth: noAuth });
  t.equal(c.redis.waitReplicas, 1);
  t.equal(load({ REDIS_CLUSTER_NODES: 'r', REDIS_WAIT_REPLICAS: '0' }).redis.waitReplicas, 0, 'an operator may trade that safety for availability');
});

t.test('production takes any one of the three instead of REDIS_URL', async (t) => {
  const production = { NODE_ENV: 'production' };
  t.ok(problemsOf(production).some((p) => p.startsWith('REDIS_URL is required when NODE_ENV=production, or REDIS_SENTINELS or REDIS_CLUSTER_NODES')));
  for (const env of [{ REDIS_CLUSTER_NODES: 'redis-1:6379' }, { REDIS_SENTINELS: 's1', REDIS_SENTINEL_MASTER: 'm' }]) {
    t.notOk(problemsOf({ ...production, ...env }).some((p) => p.startsWith('REDIS_')), Object.keys(env).join());
  }
});

t.test('mistakes are named', async (t) => {
  const cases: [NodeJS.ProcessEnv, RegExp][] = [
    [{ REDIS_URL: 'redis://r', REDIS_CLUSTER_NODES: 'c:6379' }, /^only one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES may be set \(found REDIS_URL and REDIS_CLUSTER_NODES\)$/],
    [{ REDIS_SENTINELS: 's1', REDIS_CLUSTER_NODES: 'c' }, /^only one of .* \(found REDIS_SENTINELS and REDIS_CLUSTER_NODES\)$/],
    [{ REDIS_SENTINELS: 's1' }, /^REDIS_SENTINEL_MASTER is required with REDIS_SENTINELS \(for example REDIS_SENTINEL_MASTER=/],
    [{ REDIS_SENTINEL_MASTER: 'm' }, /^REDIS_SENTINEL_MASTER applies only with REDIS_SENTINELS /],
    [{ REDIS_CLUSTER_NODES: 'c', REDIS_SENTINEL_PASSWORD: 'x' }, /^REDIS_SENTINEL_PASSWORD applies only with REDIS_SENTINELS /],
    [{ REDIS_URL: 'redis://r', REDIS_PASSWORD: 'x' }, /^REDIS_PASSWORD applies only with REDIS_SENTINELS or REDIS_CLUSTER_NODES \(a REDIS_URL carries its own/],
    [{ REDIS_TLS: 'true' }, /^REDIS_TLS applies only with/],
    [{ REDIS_CLUSTER_NODES: 'a:1,user@b:2' }, /^REDIS_CLUSTER_NODES has user@b:2, which is not a host:port/],
    [{ REDIS_CLUSTER_NODES: 'a:99999' }, /^REDIS_CLUSTER_NODES has a:99999, which is not a host:port/],
    [{ REDIS_SENTINELS: 's1/x', REDIS_SENTINEL_MASTER: 'm' }, /^REDIS_SENTINELS has s1\/x, which is not a host:port/],
    [{ REDIS_CLUSTER_NODES: ' , ' }, /^REDIS_CLUSTER_NODES must list at least one host:port/],
    [{ REDIS_KEY_PREFIX: 'bridge{1}' }, /^REDIS_KEY_PREFIX must not contain \{ or \}/],
    [{ REDIS_COMMAND_TIMEOUT_MS: '10' }, /^REDIS_COMMAND_TIMEOUT_MS must be between 50 and 60000/],
  ];
  for (const [env, expected] of cases) {
    const problems = problemsOf(env);
    t.equal(problems.length, 1, JSON.stringify(env));
    t.match(problems[0], expected);
  }
});
