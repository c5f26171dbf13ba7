// The provider client against a small fake OP whose every endpoint a test can bend:
// signature, algorithm and claim checks, the order of checks (no userinfo call after
// a failed check), outages and timeouts, discovery retries and key rotation.
import t, { type Test } from 'tap';
import type { ExpectedLogin } from '../../../src/adapters/provider/code-exchange.js';
import { createLoginSecrets } from '../../helpers/login-secrets.js';
import { createProviderClient, type ProviderClient } from '../../../src/adapters/provider/provider-client.js';
import { resolveProviderOptions, type ProviderOptionsInput } from '../../../src/adapters/provider/provider-options.js';
import type { Person } from '../../../src/domain/person.js';
import {
  freePort,
  makeKey,
  rawRs256Jwt,
  startFakeOp,
  unsignedJwt,
  type FakeOp,
  type FakeOpOptions,
  type Reply,
} from '../../helpers/provider-fake-op.js';
import { captureLogger, type CapturedLogger } from '../../helpers/capture-logs.js';
import { refusalCode, waitFor } from '../../helpers/provider-fixtures.js';

const REDIRECT_URI = 'http://127.0.0.1:3999/v1/callback';

interface Setup {
  op: FakeOp;
  client: ProviderClient;
  log: CapturedLogger;
}

function clientFor(t: Test, op: { issuer: string; clientId: string; clientSecret: string }, overrides: Partial<ProviderOptionsInput> = {}) {
  const log = captureLogger();
  const client = createProviderClient(
    resolveProviderOptions({
      issuer: op.issuer,
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      clientAuth: 'client_secret_basic',
      redirectUri: REDIRECT_URI,
      allowHttp: true,
      timeoutMs: 3000,
      ...overrides,
    }),
    { logger: log.logger, retry: { initialDelayMs: 40, maxDelayMs: 150 } },
  );
  t.teardown(() => client.close());
  return { client, log };
}

async function setup(t: Test, opOptions: FakeOpOptions = {}, overrides: Partial<ProviderOptionsInput> = {}): Promise<Setup> {
  const op = await startFakeOp(opOptions);
  t.teardown(() => op.close());
  const { client, log } = clientFor(t, op, overrides);
  await client.ready();
  op.resetCounts();
  return { op, client, log };
}

/** Starts a login, lets the fake OP answer, returns the callback and the secrets. */
async function begin({ op, client }: Setup): Promise<{ callback: URL; expected: ExpectedLogin }> {
  const secrets = await createLoginSecrets();
  const callback = await op.authorize(await client.authorizationUrl(secrets));
  return { callback, expected: secrets };
}

async function login(s: Setup, change: (expected: ExpectedLogin) => ExpectedLogin = (e) => e) {
  const { callback, expected } = await begin(s);
  return s.client.completeLogin(callback, change(expected));
}

/** Nothing secret or personal ever reaches the log. */
function assertCleanLog(t: Test, log: CapturedLogger, extra: string[] = []): void {
  const text = log.text();
  for (const needle of ['Тестова', 'anna.testova', '79990009901', 'fake-secret', '1990-04-05', 'eyJ', ...extra]) {
    t.notOk(text.includes(needle), `log does not contain ${needle}`);
  }
}

const expectedPerson = (issuer: string): Person => ({
  provider: issuer,
  subject: 'fake-subject-1',
  familyName: 'Тестова',
  givenName: 'Анна',
  middleName: 'Ивановна',
  birthdate: '1990-04-05',
  gender: 'female',
  confirmed: true,
  phone: '+79990009901',
  phoneVerified: true,
  email: 'anna.testova@example.ru',
  emailVerified: true,
  parentalConsent: false,
  parentSubject: null,
});

t.test('a correct login', async (t) => {
  const s = await setup(t);
  const secrets = await createLoginSecrets();
  const url = await s.client.authorizationUrl({ ...secrets, locale: 'en', loginHint: 'hint-1' });
  t.equal(url.origin + url.pathname, `${s.op.issuer}/authorize`);
  const q = url.searchParams;
  t.same(
    Object.fromEntries(q),
    {
      client_id: 'fake-client',
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email phone esia',
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: secrets.codeChallenge,
      code_challenge_method: 'S256',
      ui_locales: 'en',
      login_hint: 'hint-1',
    },
    'authorization request parameters',
  );
  const callback = await s.op.authorize(url);
  const result = await s.client.completeLogin(callback, secrets);
  t.same(result, { person: expectedPerson(s.op.issuer), issuer: s.op.issuer });
  t.same(s.op.counts, { discovery: 0, jwks: 0, authorize: 1, token: 1, userinfo: 1, other: 0 }, 'JWKS came from the load-time cache');
  t.ok(s.log.events().includes('provider.login_verified'));
  assertCleanLog(t, s.log, [secrets.state, secrets.nonce, secrets.codeVerifier, callback.searchParams.get('code')!]);
});

t.test('client_secret_post and the configured redirect_uri is the one sent', async (t) => {
  const s = await setup(t, {}, { clientAuth: 'client_secret_post' });
  let body: URLSearchParams | undefined;
  let authorization: string | undefined;
  s.op.behaviour.token = (ctx) => {
    body = ctx.body;
    authorization = ctx.headers.authorization;
    return undefined;
  };
  const { callback, expected } = await begin(s);
  // The callback reached us under another host name (a proxy, a forged Host header):
  // only its query counts.
  const elsewhere = new URL(`http://evil.example.test:8080/other/path${callback.search}`);
  const result = await s.client.completeLogin(elsewhere, expected);
  t.equal(result.person.subject, 'fake-subject-1');
  t.equal(body?.get('redirect_uri'), REDIRECT_URI);
  t.equal(body?.get('client_secret'), 'fake-secret');
  t.equal(body?.get('code_verifier'), expected.codeVerifier);
  t.equal(authorization, undefined);
});

t.test('ID token signature and algorithm: refused before any userinfo call', async (t) => {
  const s = await setup(t, {}, { idTokenAlgs: ['RS256'] });
  const cases: [string, () => Promise<void> | void][] = [
    [
      'signed by a key that is not in the JWKS (unknown kid)',
      async () => {
        const stranger = await makeKey('RS256');
        s.op.behaviour.idToken = (ctx) => ctx.sign({ ...ctx.header, kid: stranger.kid }, ctx.claims, stranger);
      },
    ],
    [
      'signed by another key under a published kid',
      async () => {
        const stranger = await makeKey('RS256', s.op.signingKey.kid);
        s.op.behaviour.idToken = (ctx) => ctx.sign(ctx.header, ctx.claims, stranger);
      },
    ],
    [
      'tampered payload',
      () => {
        s.op.behaviour.idToken = async (ctx) => {
          const [h, , sig] = (await ctx.sign(ctx.header, ctx.claims)).split('.');
          const payload = Buffer.from(JSON.stringify({ ...ctx.claims, sub: 'someone-else' })).toString('base64url');
          return `${h}.${payload}.${sig}`;
        };
      },
    ],
    [
      'HS256 with the client secret as key',
      () => {
        s.op.behaviour.idToken = (ctx) =>
          ctx.sign({ alg: 'HS256', typ: 'JWT' }, ctx.claims, new TextEncoder().encode(s.op.clientSecret));
      },
    ],
    [
      'alg none',
      () => {
        s.op.behaviour.idToken = (ctx) => unsignedJwt({ typ: 'JWT' }, ctx.claims);
      },
    ],
    [
      'ES256: advertised by discovery and published, but not pinned',
      async () => {
        const es = await makeKey('ES256');
        s.op.published = [...s.op.published, es];
        s.op.behaviour.idToken = (ctx) => ctx.sign({ alg: 'ES256', kid: es.kid }, ctx.claims, es);
      },
    ],
    [
      'not a JWT',
      () => {
        s.op.behaviour.idToken = () => 'not-a-jwt';
      },
    ],
    [
      'a JWE-shaped token',
      () => {
        s.op.behaviour.idToken = () => 'a.b.c.d.e';
      },
    ],
    [
      'crit header',
      () => {
        s.op.behaviour.idToken = (ctx) => rawRs256Jwt({ ...ctx.header, crit: ['urn:example:x'], 'urn:example:x': 1 }, ctx.claims, s.op.signingKey);
      },
    ],
  ];
  // The raw signer itself produces tokens the client accepts.
  s.op.behaviour.idToken = (ctx) => rawRs256Jwt(ctx.header, ctx.claims, s.op.signingKey);
  t.equal((await login(s)).person.subject, 'fake-subject-1', 'control: raw-signed token without crit passes');
  for (const [name, arrange] of cases) {
    s.op.behaviour = {};
    await arrange();
    s.op.resetCounts();
    t.equal(await refusalCode(login(s)), 'provider_error', name);
    t.equal(s.op.counts.token, 1, `${name}: token requested`);
    t.equal(s.op.counts.userinfo, 0, `${name}: userinfo NOT called`);
    t.equal(s.op.counts.jwks, 0, `${name}: no JWKS refetch (cache is young)`);
  }
  t.ok(s.log.lines().every((l) => l.event !== 'provider.response_invalid' || l.level === 40), 'refusals logged at warn');
  assertCleanLog(t, s.log);
});

t.test('ID token claims: refused before any userinfo call', async (t) => {
  const s = await setup(t);
  const now = () => Math.floor(Date.now() / 1000);
  const claimCases: [string, (c: Record<string, unknown>) => Record<string, unknown>][] = [
    ['wrong aud', (c) => ({ ...c, aud: 'another-client' })],
    ['aud list without us', (c) => ({ ...c, aud: ['another-client', 'third'] })],
    ['several audiences without azp', (c) => ({ ...c, aud: ['fake-client', 'another-client'] })],
    ['several audiences, azp another client', (c) => ({ ...c, aud: ['fake-client', 'x'], azp: 'x' })],
    ['azp another client with a single aud', (c) => ({ ...c, azp: 'another-client' })],
    ['expired', (c) => ({ ...c, iat: now() - 400, exp: now() - 100 })],
    ['no exp', (c) => ({ ...c, exp: undefined })],
    ['iat in the future', (c) => ({ ...c, iat: now() + 600, exp: now() + 900 })],
    ['iat far in the past', (c) => ({ ...c, iat: now() - 3600 })],
    ['no iat', (c) => ({ ...c, iat: undefined })],
    ['wrong nonce', (c) => ({ ...c, nonce: 'another-nonce' })],
    ['no nonce', (c) => ({ ...c, nonce: undefined })],
    ['wrong iss', (c) => ({ ...c, iss: 'http://127.0.0.1:1' })],
    ['no sub', (c) => ({ ...c, sub: undefined })],
    ['empty sub', (c) => ({ ...c, sub: '' })],
    ['numeric sub', (c) => ({ ...c, sub: 42 })],
    ['nbf in the future', (c) => ({ ...c, nbf: now() + 600 })],
  ];
  for (const [name, change] of claimCases) {
    s.op.behaviour = { idToken: (ctx) => ctx.sign(ctx.header, JSON.parse(JSON.stringify(change(ctx.claims)))) };
    s.op.resetCounts();
    t.equal(await refusalCode(login(s)), 'provider_error', name);
    t.equal(s.op.counts.userinfo, 0, `${name}: userinfo NOT called`);
  }

  s.op.behaviour = { idToken: () => undefined };
  s.op.resetCounts();
  t.equal(await refusalCode(login(s)), 'provider_error', 'no ID token');
  t.equal(s.op.counts.userinfo, 0, 'no ID token: userinfo NOT called');

  s.op.behaviour = {};
  t.equal(await refusalCode(login(s, (e) => ({ ...e, nonce: 'not-the-one-sent' }))), 'provider_error', 'expected nonce differs');
  t.equal(s.op.counts.userinfo, 0);

  s.op.behaviour = {};
  const ok = await login(s);
  t.equal(ok.person.subject, 'fake-subject-1', 'and a correct token still passes');
  assertCleanLog(t, s.log);
});

t.test('the client clock: our own exp/iat checks use deps.now', async (t) => {
  const op = await startFakeOp();
  t.teardown(() => op.close());
  const log = captureLogger();
  const client = createProviderClient(
    resolveProviderOptions({ issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, clientAuth: 'client_secret_basic', redirectUri: REDIRECT_URI, allowHttp: true }),
    { logger: log.logger, now: () => new Date(Date.now() + 3_600_000) },
  );
  t.teardown(() => client.close());
  await client.ready();
  const s = { op, client, log };
  t.equal(await refusalCode(login(s)), 'provider_error', 'a token already expired by our clock');
  t.equal(op.counts.userinfo, 0);
  t.ok(log.lines().some((l) => l.event === 'provider.response_invalid' && l.reason === 'id_token_expired'));
});

t.test('userinfo', async (t) => {
  const s = await setup(t);

  s.op.behaviour = { userinfo: (c) => ({ ...c, sub: 'someone-else' }) };
  t.equal(await refusalCode(login(s)), 'provider_error', 'sub mismatch');

  s.op.behaviour = { userinfo: () => ({ status: 500, body: { error: 'server_error' } }) };
  t.equal(await refusalCode(login(s)), 'provider_unavailable', 'userinfo 500');

  s.op.behaviour = { userinfo: () => ({ status: 401, body: { error: 'invalid_token' }, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }) };
  t.equal(await refusalCode(login(s)), 'provider_error', 'userinfo 401');

  s.op.behaviour = { userinfo: () => ({ status: 200, body: 'not json' }) };
  t.equal(await refusalCode(login(s)), 'provider_error', 'userinfo not JSON');

  // Claims the ID token lacks come from userinfo; where both have one, the signed ID token wins.
  s.op.behaviour = {
    idToken: (ctx) => {
      const { sub, iss, aud, iat, exp, nonce, family_name } = ctx.claims;
      return ctx.sign(ctx.header, { sub, iss, aud, iat, exp, nonce, family_name });
    },
    userinfo: (c) => ({ ...c, family_name: 'Другая', parental_consent: true, parent_sub: 9 }),
  };
  const merged = await login(s);
  t.same(merged.person, { ...expectedPerson(s.op.issuer), parentalConsent: true, parentSubject: '9' });
  assertCleanLog(t, s.log, ['Другая']);
});

t.test('a signed userinfo response: alg pinned, signature verified', async (t) => {
  const s = await setup(t, {}, { idTokenAlgs: ['RS256'] });
  const jwt = (body: string): Reply => ({ status: 200, body, headers: { 'content-type': 'application/jwt' } });
  const userinfoClaims = (c: Record<string, unknown>) => ({ ...c, iss: s.op.issuer, aud: s.op.clientId, family_name: 'Подписанная' });

  s.op.behaviour.idToken = (ctx) => {
    const { family_name: _drop, ...rest } = ctx.claims;
    return ctx.sign(ctx.header, rest);
  };
  s.op.behaviour.userinfo = async (c) =>
    jwt(await s.op.sign({ alg: 'RS256', kid: s.op.signingKey.kid }, userinfoClaims(c)));
  t.equal((await login(s)).person.familyName, 'Подписанная', 'a correctly signed userinfo JWT is read');

  s.op.behaviour.userinfo = async (c) => jwt(unsignedJwt({}, userinfoClaims(c)));
  t.equal(await refusalCode(login(s)), 'provider_error', 'alg none');

  const stranger = await makeKey('RS256', s.op.signingKey.kid);
  s.op.behaviour.userinfo = async (c) => jwt(await s.op.sign({ alg: 'RS256', kid: stranger.kid }, userinfoClaims(c), stranger));
  t.equal(await refusalCode(login(s)), 'provider_error', 'signed by another key');

  const es = await makeKey('ES256');
  s.op.published = [...s.op.published, es];
  s.op.behaviour.userinfo = async (c) => jwt(await s.op.sign({ alg: 'ES256', kid: es.kid }, userinfoClaims(c), es));
  t.equal(await refusalCode(login(s)), 'provider_error', 'an alg that is not pinned');
  assertCleanLog(t, s.log, ['Подписанная']);
});

t.test('no userinfo endpoint: the ID token claims are enough', async (t) => {
  const op = await startFakeOp();
  t.teardown(() => op.close());
  op.behaviour.discovery = (doc) => ({ ...doc, userinfo_endpoint: undefined });
  const { client, log } = clientFor(t, op);
  await client.ready();
  const result = await login({ op, client, log });
  t.same(result.person, expectedPerson(op.issuer));
  t.equal(op.counts.userinfo, 0);
});

t.test('token endpoint answers', async (t) => {
  const s = await setup(t);
  const cases: [string, { status: number; body: unknown }, string][] = [
    ['invalid_grant', { status: 400, body: { error: 'invalid_grant' } }, 'provider_error'],
    ['invalid_client', { status: 401, body: { error: 'invalid_client' } }, 'provider_error'],
    ['server_error 500', { status: 500, body: { error: 'server_error' } }, 'provider_unavailable'],
    ['503 text', { status: 503, body: 'maintenance' }, 'provider_unavailable'],
    ['429', { status: 429, body: 'slow down' }, 'provider_unavailable'],
    ['200 not JSON', { status: 200, body: 'hello' }, 'provider_error'],
    ['200 without access_token', { status: 200, body: { token_type: 'Bearer', id_token: 'x.y.z' } }, 'provider_error'],
    ['404', { status: 404, body: 'nope' }, 'provider_error'],
  ];
  for (const [name, reply, code] of cases) {
    s.op.behaviour = { token: () => reply };
    s.op.resetCounts();
    t.equal(await refusalCode(login(s)), code, name);
    t.equal(s.op.counts.userinfo, 0, `${name}: no userinfo`);
  }
});

t.test('the authorization response is checked before any token request', async (t) => {
  const s = await setup(t);
  const cases: [string, (callback: URL, expected: ExpectedLogin) => [URL, ExpectedLogin], string][] = [
    ['wrong state', (c, e) => [c, { ...e, state: 'another-state' }], 'provider_error'],
    ['no state', (c, e) => (c.searchParams.delete('state'), [c, e]), 'provider_error'],
    ['wrong iss', (c, e) => (c.searchParams.set('iss', 'http://127.0.0.1:1'), [c, e]), 'provider_error'],
    ['no iss while advertised', (c, e) => (c.searchParams.delete('iss'), [c, e]), 'provider_error'],
    ['code twice', (c, e) => (c.searchParams.append('code', 'other'), [c, e]), 'provider_error'],
    ['no code', (c, e) => (c.searchParams.delete('code'), [c, e]), 'provider_error'],
    [
      'access_denied',
      (c, e) => [new URL(`${REDIRECT_URI}?error=access_denied&state=${e.state}&iss=${encodeURIComponent(s.op.issuer)}`), e],
      'consent_denied',
    ],
    [
      'the provider reports itself down',
      (c, e) => [new URL(`${REDIRECT_URI}?error=server_error&state=${e.state}&iss=${encodeURIComponent(s.op.issuer)}`), e],
      'provider_unavailable',
    ],
    [
      'another error',
      (c, e) => [new URL(`${REDIRECT_URI}?error=invalid_scope&state=${e.state}&iss=${encodeURIComponent(s.op.issuer)}`), e],
      'provider_error',
    ],
    [
      'access_denied with a foreign state is not a consent decision',
      (c) => [new URL(`${REDIRECT_URI}?error=access_denied&state=forged&iss=${encodeURIComponent(s.op.issuer)}`), { state: 'mine', nonce: 'n', codeVerifier: 'v'.repeat(43) }],
      'provider_error',
    ],
    ['an implicit-flow id_token in the query', (c, e) => (c.searchParams.set('id_token', 'x'), [c, e]), 'provider_error'],
  ];
  for (const [name, change, code] of cases) {
    const { callback, expected } = await begin(s);
    s.op.resetCounts();
    const [url, exp] = change(callback, expected);
    t.equal(await refusalCode(s.client.completeLogin(url, exp)), code, name);
    t.equal(s.op.counts.token, 0, `${name}: no token request`);
  }
  t.ok(s.log.lines().some((l) => l.event === 'provider.consent_denied' && l.level === 30), 'consent denial logged at info');
  t.ok(s.log.lines().some((l) => l.reason === 'state_mismatch'));
  t.ok(s.log.lines().some((l) => l.reason === 'iss_mismatch'));
});

t.test('without RFC 9207 support a missing iss is accepted, a wrong one is not', async (t) => {
  const s = await setup(t, { issParameterSupported: false });
  s.op.behaviour.omitIssInAuthResponse = true;
  t.equal((await login(s)).person.subject, 'fake-subject-1');
  const { callback, expected } = await begin(s);
  callback.searchParams.set('iss', 'http://127.0.0.1:1');
  t.equal(await refusalCode(s.client.completeLogin(callback, expected)), 'provider_error');
});

t.test('the provider goes down after start: ProviderUnavailable', async (t) => {
  const s = await setup(t);
  const { callback, expected } = await begin(s);
  await s.op.close();
  t.equal(await refusalCode(s.client.completeLogin(callback, expected)), 'provider_unavailable');
  t.ok(s.log.lines().some((l) => l.event === 'provider.unavailable' && l.reason === 'network' && l.stage === 'token'));
  t.ok(s.client.isReady(), 'discovery stays cached');
});

t.test('a hanging token endpoint: ProviderUnavailable after about timeoutMs', async (t) => {
  const s = await setup(t, {}, { timeoutMs: 300 });
  s.op.behaviour.token = 'hang';
  const { callback, expected } = await begin(s);
  const started = performance.now();
  t.equal(await refusalCode(s.client.completeLogin(callback, expected)), 'provider_unavailable');
  const elapsed = performance.now() - started;
  t.ok(elapsed >= 250 && elapsed < 2500, `took ${Math.round(elapsed)} ms`);
  t.ok(s.log.lines().some((l) => l.event === 'provider.unavailable' && l.reason === 'timeout'));
  t.equal(s.op.counts.userinfo, 0);
});

t.test('a hanging userinfo endpoint times out too', async (t) => {
  const s = await setup(t, {}, { timeoutMs: 300 });
  s.op.behaviour.userinfo = 'hang';
  const started = performance.now();
  t.equal(await refusalCode(login(s)), 'provider_unavailable');
  t.ok(performance.now() - started < 2500);
  t.ok(s.log.lines().some((l) => l.event === 'provider.unavailable' && l.stage === 'userinfo'));
});

t.test('discovery down at start: the client starts, readiness fails, then recovers by itself', async (t) => {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { client, log } = clientFor(t, { issuer, clientId: 'fake-client', clientSecret: 'fake-secret' });
  t.equal(client.isReady(), false);
  t.equal(await refusalCode(client.check()), 'provider_unavailable', 'check() rejects while not loaded');
  t.equal(await refusalCode(client.ready()), 'provider_unavailable', 'ready() rejects while down');
  t.equal(
    await refusalCode(createLoginSecrets().then((s) => client.authorizationUrl(s))),
    'provider_unavailable',
    'a login cannot start',
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.ok(log.events().filter((e) => e === 'provider.unavailable').length >= 2, 'retried in the background');

  const op = await startFakeOp({ port });
  t.teardown(() => op.close());
  t.ok(await waitFor(() => client.isReady(), 5000), 'ready without a restart or a call');
  await t.resolves(client.check());
  t.ok(log.events().includes('provider.discovery_loaded'));
  const result = await login({ op, client, log });
  t.equal(result.person.provider, issuer);
});

t.test('Person.provider is the configured issuer, even spelled with a trailing slash', async (t) => {
  const op = await startFakeOp();
  t.teardown(() => op.close());
  const { client, log } = clientFor(t, { ...op, issuer: `${op.issuer}/` });
  await client.ready();
  t.equal(client.configuredIssuer, `${op.issuer}/`);
  const result = await login({ op, client, log });
  t.equal(result.person.provider, `${op.issuer}/`);
  t.equal(result.issuer, `${op.issuer}/`);
});

t.test('discovery that names another issuer is refused', async (t) => {
  const op = await startFakeOp();
  t.teardown(() => op.close());
  op.behaviour.discovery = (doc) => ({ ...doc, issuer: 'http://127.0.0.1:1' });
  const { client, log } = clientFor(t, op);
  t.equal(await refusalCode(client.ready()), 'provider_error');
  t.equal(client.isReady(), false);
  t.ok(log.lines().some((l) => l.event === 'provider.response_invalid' && l.stage === 'discovery'));
});

t.test('discovery without jwks_uri or with a broken JWKS is not ready', async (t) => {
  const op = await startFakeOp();
  t.teardown(() => op.close());
  op.behaviour.discovery = (doc) => ({ ...doc, jwks_uri: undefined });
  const { client } = clientFor(t, op);
  t.equal(await refusalCode(client.ready()), 'provider_error');
  op.behaviour.discovery = (doc) => ({ ...doc, jwks_uri: `${op.issuer}/nowhere` });
  t.equal(await refusalCode(client.ready()), 'provider_error', 'JWKS 404');
  op.behaviour.discovery = undefined;
  await t.resolves(client.ready());
});

t.test('discovery returning 503 is unavailability', async (t) => {
  const op = await startFakeOp();
  t.teardown(() => op.close());
  op.behaviour.discoveryReply = () => ({ status: 503, body: 'down' });
  const { client } = clientFor(t, op);
  t.equal(await refusalCode(client.ready()), 'provider_unavailable');
});

t.test('key rotation: an unknown kid refetches the JWKS once, rate limited', async (t) => {
  const s = await setup(t);
  t.equal((await login(s)).person.subject, 'fake-subject-1', 'login with the first key');
  t.equal(s.op.counts.jwks, 0);

  // The provider starts signing with a new key right away (old one still published).
  await s.op.rotate({ keepOld: true });
  s.op.resetCounts();
  t.equal(await refusalCode(login(s)), 'provider_error', 'our key set is younger than 60 s: no refetch');
  t.equal(s.op.counts.jwks, 0, 'unknown kid did not hammer jwks_uri');
  t.equal(s.op.counts.userinfo, 0);

  // 61 s later (both the fake OP and openid-client read Date.now).
  const realNow = Date.now;
  Date.now = () => realNow.call(Date) + 61_000;
  t.teardown(() => {
    Date.now = realNow;
  });
  s.op.resetCounts();
  const rotated = await login(s);
  t.equal(rotated.person.subject, 'fake-subject-1', 'login succeeds with the new key');
  t.equal(s.op.counts.jwks, 1, 'JWKS refetched once');
  t.equal((await login(s)).person.subject, 'fake-subject-1');
  t.equal(s.op.counts.jwks, 1, 'the refetched set is cached');

  // Another unknown kid right after the refetch: refused, no second refetch.
  await s.op.rotate({ keepOld: false });
  t.equal(await refusalCode(login(s)), 'provider_error');
  t.equal(s.op.counts.jwks, 1);
  Date.now = realNow;
});
