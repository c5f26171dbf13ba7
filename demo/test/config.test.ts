// The demo's configuration: development defaults, and what production insists on.

import t from 'tap';
import { DemoConfigError, loadDemoConfig } from '../config.js';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadDemoConfig(env);
    return [];
  } catch (err) {
    if (!(err instanceof DemoConfigError)) throw err;
    return err.problems;
  }
};

t.test('development needs only the client secret', async (t) => {
  t.same(loadDemoConfig({ ESIA_BRIDGE_CLIENT_SECRET: 's3cret' }), {
    nodeEnv: 'development',
    port: 3002,
    host: '127.0.0.1',
    publicUrl: 'http://localhost:3002',
    serviceUrl: 'http://localhost:3000',
    clientId: 'demo',
    clientSecret: 's3cret',
    trustProxy: false,
  });
  t.match(loadDemoConfig({ ESIA_BRIDGE_CLIENT_SECRET: 's', DEMO_PORT: '4000', ESIA_BRIDGE_URL: 'http://127.0.0.1:3000/', DEMO_TRUST_PROXY: 'true' }), {
    port: 4000,
    publicUrl: 'http://localhost:4000',
    serviceUrl: 'http://127.0.0.1:3000',
    trustProxy: true,
  });
  t.same(problemsOf({}), ['ESIA_BRIDGE_CLIENT_SECRET is required (the secret `npm run clients -- add` printed)']);
});

t.test('every bad value is reported at once', async (t) => {
  const problems = problemsOf({
    NODE_ENV: 'staging',
    DEMO_PORT: '70000',
    ESIA_BRIDGE_URL: 'ftp://bridge',
    DEMO_PUBLIC_URL: 'not a url',
    DEMO_TRUST_PROXY: 'maybe',
    ESIA_BRIDGE_CLIENT_SECRET: 's',
  });
  t.equal(problems.length, 5, problems.join('\n'));
});

t.test('production wants https URLs given explicitly', async (t) => {
  t.same(problemsOf({ NODE_ENV: 'production', ESIA_BRIDGE_CLIENT_SECRET: 's' }), [
    'DEMO_PUBLIC_URL is required in production, e.g. https://example.ru',
    'ESIA_BRIDGE_URL is required in production, e.g. https://example.ru',
  ]);
  t.same(problemsOf({ NODE_ENV: 'production', ESIA_BRIDGE_CLIENT_SECRET: 's', DEMO_PUBLIC_URL: 'http://demo.example', ESIA_BRIDGE_URL: 'https://bridge.example' }), [
    'DEMO_PUBLIC_URL must be an https URL in production',
  ]);
  t.match(loadDemoConfig({ NODE_ENV: 'production', ESIA_BRIDGE_CLIENT_SECRET: 's', DEMO_PUBLIC_URL: 'https://demo.example', ESIA_BRIDGE_URL: 'https://bridge.example' }), {
    host: '0.0.0.0',
    publicUrl: 'https://demo.example',
  });
});
