// The whole development setup on loopback, as `npm start` runs it: the sandbox
// provider, the service (NODE_ENV=development, so its demo client and its outbox
// exist) listening on a real port, the sandbox's seeded profiles, and the demo app
// talking to the service over HTTP with the demo client's id and secret.

import { randomBytes } from 'node:crypto';
import type { Test } from 'tap';
import { postgresProfileStore } from '../../../src/adapters/postgres/profile-store.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { seedProfiles } from '../../../src/sandbox/seed-profiles.js';
import { freePort } from '../../../test/helpers/provider-fake-op.js';
import { build } from '../../../test/helpers/service.js';
import { buildDemoApp } from '../../app.js';
import { assertionVerifier, type AssertionVerifier } from '../../assertion.js';
import type { DemoConfig } from '../../config.js';

const PROVIDER_SECRET = 'sandbox-secret-for-demo-tests';

export interface StackOptions {
  /** More environment for the service. */
  serviceEnv?: NodeJS.ProcessEnv;
}

export async function demoStack(t: Test, options: StackOptions = {}) {
  const servicePort = await freePort();
  const demoPort = await freePort();
  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  const demoUrl = `http://127.0.0.1:${demoPort}`;
  const clientSecret = randomBytes(32).toString('hex');

  const sandbox = await startSandbox({
    port: 0,
    clients: [{ client_id: 'esia-bridge', client_secret: PROVIDER_SECRET, redirect_uris: [`${serviceUrl}/v1/callback`] }],
  });
  t.teardown(() => sandbox.close());
  const service = await build(t, {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(servicePort),
    PUBLIC_URL: serviceUrl,
    PROVIDER_ISSUER: sandbox.issuer,
    PROVIDER_CLIENT_SECRET: PROVIDER_SECRET,
    DEMO_CLIENT_SECRET: clientSecret,
    DEMO_CLIENT_RETURN_URLS: `${demoUrl}/callback`,
    ...options.serviceEnv,
  });
  await service.app.listen({ port: servicePort, host: '127.0.0.1' });
  await seedProfiles(postgresProfileStore(service.db.pool), sandbox.issuer, new Date());

  const config: DemoConfig = {
    nodeEnv: 'development',
    port: demoPort,
    host: '127.0.0.1',
    publicUrl: demoUrl,
    serviceUrl,
    clientId: 'demo',
    clientSecret,
    trustProxy: false,
  };
  // A test may put another verifier in front of the demo's own.
  const verifier: { override: AssertionVerifier | null } = { override: null };
  const own = assertionVerifier(serviceUrl, config.clientId);
  const verify: AssertionVerifier = (token, profileId) => (verifier.override ?? own)(token, profileId);
  const demo = await buildDemoApp(config, { logger: false, deps: { verify } });
  await demo.listen({ port: demoPort, host: '127.0.0.1' });
  t.teardown(() => demo.close());
  return { sandbox, service, serviceUrl, demoUrl, config, verifier };
}
