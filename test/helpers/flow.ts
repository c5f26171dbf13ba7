// End-to-end harness: the sandbox provider on loopback, the service on its own
// stores, an API client, and a driver that walks a person through the flow the way
// a client backend and a browser would.

import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Test } from 'tap';
import { apiClientsRepository } from '../../src/adapters/postgres/api-clients-repository.js';
import { postgresProfileStore } from '../../src/adapters/postgres/profile-store.js';
import { hashClientSecret } from '../../src/auth/client-secret.js';
import { DEFAULT_PERMISSIONS, PERMISSIONS, type Permission } from '../../src/domain/permissions.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { IdTokenSigner } from '../../src/sandbox/esia/esia-tokens.js';
import { seedProfiles } from '../../src/sandbox/seed-profiles.js';
import { signInAtSandbox } from './sandbox-driver.js';
import { build, TEST_PEPPER } from './service.js';

export const RETURN_TO = 'https://client.example/esia/return';
const REDIRECT_URI = 'http://localhost:3000/v1/callback';
const PROVIDER_SECRET = 'sandbox-secret-for-tests';

export type Reply = { status: number; body: any; headers: Record<string, unknown> };

/** A response the harness saw, kept so that a test can replay it against openapi.yaml. */
export interface Recorded {
  method: string;
  url: string;
  status: number;
  contentType: string;
  body: unknown;
}

export interface HarnessOptions {
  /** The service's logger (default: silent), e.g. to capture and inspect its output. */
  logger?: Logger;
  /** Which protocol the sandbox and the service speak (default oidc). */
  dialect?: Dialect;
  /** esia only: how the sandbox signs ID tokens (tests forge tokens with it). */
  idTokenSigner?: IdTokenSigner;
}

export type Dialect = 'oidc' | 'esia';
export const DIALECTS: readonly Dialect[] = ['oidc', 'esia'];

/** Optional fields of the login's start request. */
export interface StartOptions {
  locale?: 'ru' | 'en';
}

/** The sandbox of the dialect on loopback, and the service's environment pointing at it. */
async function providerFor(t: Test, options: HarnessOptions): Promise<{ sandbox: { issuer: string }; env: NodeJS.ProcessEnv }> {
  if (options.dialect === 'esia') {
    // Loaded only for esia: it makes GOST keys with the openssl command.
    const { esiaEnv, startEsiaSandbox } = await import('./esia.js');
    const sandbox = await startEsiaSandbox(t, { idTokenSigner: options.idTokenSigner });
    return { sandbox, env: esiaEnv(sandbox) };
  }
  const sandbox = await startSandbox({
    port: 0,
    clients: [{ client_id: 'esia-bridge', client_secret: PROVIDER_SECRET, redirect_uris: [REDIRECT_URI] }],
  });
  t.teardown(() => sandbox.close());
  return { sandbox, env: { PROVIDER_ISSUER: sandbox.issuer, PROVIDER_CLIENT_SECRET: PROVIDER_SECRET, PROVIDER_REDIRECT_URI: REDIRECT_URI } };
}

export async function flowHarness(t: Test, extraEnv: NodeJS.ProcessEnv = {}, options: HarnessOptions = {}) {
  const { sandbox, env } = await providerFor(t, options);
  const service = await build(t, { ...env, ...extraEnv }, options.logger);
  const recorded: Recorded[] = [];
  const clients = apiClientsRepository(service.db.pool);
  // The tests' own client drives logins and profiles alike; a test of permissions
  // makes narrower clients with newClient([...]).
  const client = await newClient(PERMISSIONS);

  async function newClient(permissions: readonly Permission[] = DEFAULT_PERMISSIONS) {
    const id = `client-${randomBytes(4).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    const secretHash = hashClientSecret(secret, TEST_PEPPER);
    await clients.create({ id, name: 'Test client', secretHash, returnUrls: [RETURN_TO], permissions });
    return { id, authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
  }

  async function call(method: string, url: string, body?: unknown, as = client): Promise<Reply> {
    const res = await service.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: as.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const reply = { status: res.statusCode, body: res.body ? safeJson(res.body) : null, headers: res.headers };
    recorded.push({ method, url, status: reply.status, contentType: String(res.headers['content-type'] ?? ''), body: reply.body });
    return reply;
  }

  /** The browser opens the authorization_url: the service sets its cookie and sends it to the provider. */
  async function authorize(authorizationUrl: string) {
    const url = new URL(authorizationUrl);
    const reply = await service.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    if (reply.statusCode !== 303) throw new Error(`authorize failed: ${reply.statusCode} ${reply.body}`);
    const cookie = reply.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return { providerUrl: String(reply.headers.location), cookie, reply };
  }

  /** Start → authorize → provider pages → callback; returns the login id, handoff and the callback reply. */
  async function throughProvider(personaId: string, decision: 'allow' | 'deny' = 'allow', as = client, start: StartOptions = {}) {
    const started = await call('POST', '/v1/logins', { return_to: RETURN_TO, client_state: 'st-1', ...start }, as);
    if (started.status !== 201) throw new Error(`start failed: ${JSON.stringify(started.body)}`);
    const { providerUrl, cookie } = await authorize(started.body.authorization_url);
    const back = await signInAtSandbox(providerUrl, personaId, decision);
    const callbackUrl = `${back.pathname}${back.search}`;
    const callback = await service.app.inject({ method: 'GET', url: callbackUrl, headers: { cookie } });
    const location = new URL(String(callback.headers.location ?? RETURN_TO));
    return {
      id: started.body.id as string,
      handoff: location.searchParams.get('handoff') ?? '',
      callback,
      callbackUrl,
      cookie,
      location,
    };
  }

  /** A whole start-to-claim run; the reply is the claimed login. */
  async function login(personaId: string, decision: 'allow' | 'deny' = 'allow', as = client, start: StartOptions = {}) {
    const { id, handoff } = await throughProvider(personaId, decision, as, start);
    const claimed = await call('POST', `/v1/logins/${id}/claim`, { handoff }, as);
    return { id, handoff, claimed };
  }

  /** What the development channel "sent", newest first; read from the service, not over HTTP. */
  async function outbox(): Promise<{ channel: string; destination: string; text: string }[]> {
    if (!service.outbox) throw new Error('this service has no development outbox (OTP_*_CHANNEL is not dev)');
    return service.outbox.list();
  }

  async function lastCode(destination: string): Promise<string> {
    const message = (await outbox()).find((m) => m.destination === destination);
    const code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1];
    if (!code) throw new Error(`no code was sent to ${destination}`);
    return code;
  }

  async function seedRegisteredProfiles() {
    return seedProfiles(postgresProfileStore(service.db.pool), sandbox.issuer, new Date());
  }

  /** Code → confirmation of the only candidate (or of `pick`): the usual way into an existing profile. */
  async function verifyAndConfirm(id: string, code: string, as = client, pick?: string) {
    const verified = await call('POST', `/v1/logins/${id}/otp/verify`, { code }, as);
    if (verified.body?.status !== 'choose_profile') return verified;
    const profileId = pick ?? verified.body.candidates[0].id;
    return call('POST', `/v1/logins/${id}/profile`, { profile_id: profileId }, as);
  }

  return {
    sandbox,
    service,
    client,
    newClient,
    call,
    authorize,
    throughProvider,
    login,
    verifyAndConfirm,
    outbox,
    lastCode,
    seedRegisteredProfiles,
    recorded,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
