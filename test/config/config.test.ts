import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config/index.js';

const devSecrets = (name: string) => `generated-${name}-0123456789abcdef0123456789`;
const load = (env: NodeJS.ProcessEnv) => loadConfig(env, devSecrets);

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

t.test('an empty environment starts a development service on embedded stores', async (t) => {
  const c = load({});
  t.equal(c.nodeEnv, 'development');
  t.equal(c.port, 3000);
  t.equal(c.host, '127.0.0.1');
  t.equal(c.publicUrl, 'http://localhost:3000');
  t.equal(c.database.url, null);
  t.equal(c.redis.url, null);
  t.equal(c.clientSecretPepper, devSecrets('CLIENT_SECRET_PEPPER'));
  t.equal(c.demoClient?.secretGenerated, true);
  t.ok(c.demoClient?.returnUrls.length);
});

t.test('each bad value is named with what is wrong and an example', async (t) => {
  const problems = problemsOf({ PORT: '70000', DATABASE_URL: 'nonsense', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
  t.equal(problems.length, 4);
  t.match(problems[0], /^PORT must be between 1 and 65535 \(for example PORT=3000\)$/);
  t.match(problems[1], /^DATABASE_URL must be a URL/);
  t.match(problems[2], /^REDIS_URL must start with redis:\/\/ or rediss:\/\//);
  t.match(problems[3], /^LOG_LEVEL must be one of/);
});

t.test('production refuses every unsafe development default', async (t) => {
  const problems = problemsOf({ NODE_ENV: 'production', DEMO_CLIENT_SECRET: 'x'.repeat(40) });
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'CLIENT_SECRET_PEPPER', 'DEMO_CLIENT_SECRET']) {
    t.ok(problems.some((p) => p.startsWith(name)), `${name} is refused`);
  }
});

t.test('production with every variable set starts, without a demo client', async (t) => {
  const c = load({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://u:p@db:5432/x',
    REDIS_URL: 'redis://redis:6379',
    PUBLIC_URL: 'https://bridge.example.ru/',
    CLIENT_SECRET_PEPPER: 'p'.repeat(64),
  });
  t.equal(c.host, '0.0.0.0');
  t.equal(c.publicUrl, 'https://bridge.example.ru');
  t.equal(c.demoClient, null);
});

t.test('trust proxy accepts booleans, hop counts and address lists', async (t) => {
  t.equal(load({ TRUST_PROXY: 'true' }).trustProxy, true);
  t.equal(load({ TRUST_PROXY: '2' }).trustProxy, 2);
  t.same(load({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1']);
});

t.test('short secrets are refused', async (t) => {
  t.match(problemsOf({ CLIENT_SECRET_PEPPER: 'short' })[0], /at least 32 characters/);
});
