// The provider client against the real ESIA sandbox: the whole code flow driven
// through the sandbox's HTML pages, then completeLogin → Person, for every persona
// and every client authentication method; and the refusals a real provider causes.
import { generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { createLoginSecrets } from '../../helpers/login-secrets.js';
import { createProviderClient, type ProviderClient } from '../../../src/adapters/provider/provider-client.js';
import { resolveProviderOptions, type ProviderOptionsInput } from '../../../src/adapters/provider/provider-options.js';
import type { Person } from '../../../src/domain/person.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { birthdateFor, findPersona, personas, type Persona } from '../../../src/sandbox/personas.js';
import { signInAtSandbox } from '../../helpers/sandbox-driver.js';
import { captureLogger, type CapturedLogger } from '../../helpers/capture-logs.js';
import { countingFetch, refusalCode, type CountingFetch } from '../../helpers/provider-fixtures.js';

const REDIRECT_URI = 'http://127.0.0.1:3000/v1/callback';
const NOW = new Date('2025-06-15T09:00:00Z');

const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsaPem = rsaKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const ecJwk = JSON.stringify({ ...ecKey.privateKey.export({ format: 'jwk' }), kid: 'bridge-ec', alg: 'ES256' });

const sandbox = await startSandbox({
  port: 0,
  now: () => NOW,
  clients: [
    { client_id: 'bridge-basic', client_secret: 'basic-secret', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'client_secret_basic' },
    { client_id: 'bridge-post', client_secret: 'post-secret', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'client_secret_post' },
    {
      client_id: 'bridge-jwt',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: {
        keys: [
          { ...rsaKey.publicKey.export({ format: 'jwk' }), kid: 'bridge-rsa', alg: 'RS256', use: 'sig' },
          { ...ecKey.publicKey.export({ format: 'jwk' }), kid: 'bridge-ec', alg: 'ES256', use: 'sig' },
        ],
      },
    },
  ],
});
t.teardown(() => sandbox.close());

interface Client {
  client: ProviderClient;
  log: CapturedLogger;
  requests: CountingFetch;
}

const clients: Client[] = [];
t.teardown(() => clients.forEach((c) => c.client.close()));

async function makeClient(overrides: Partial<ProviderOptionsInput> = {}): Promise<Client> {
  const log = captureLogger();
  const requests = countingFetch();
  const client = createProviderClient(
    resolveProviderOptions({
      issuer: sandbox.issuer,
      clientId: 'bridge-basic',
      clientSecret: 'basic-secret',
      clientAuth: 'client_secret_basic',
      redirectUri: REDIRECT_URI,
      allowHttp: true,
      timeoutMs: 5000,
      ...overrides,
    }),
    { logger: log.logger, fetch: requests.fetch },
  );
  clients.push({ client, log, requests });
  await client.ready();
  return { client, log, requests };
}

const basic = await makeClient();

async function signIn(c: Client, personaId: string, decision: 'allow' | 'deny' = 'allow') {
  const secrets = await createLoginSecrets();
  const url = await c.client.authorizationUrl({ ...secrets, locale: 'ru', loginHint: personaId });
  const callback = await signInAtSandbox(url.href, personaId, decision);
  return { callback, secrets };
}

/** What the persona file says, written out independently of the sandbox's claimsFor(). */
function personFromFile(p: Persona): Person {
  const child = p.age.years < 18;
  const parent = p.parent === undefined ? undefined : findPersona(p.parent);
  return {
    provider: sandbox.issuer,
    subject: p.oid,
    familyName: p.family_name,
    givenName: p.given_name,
    middleName: p.middle_name,
    birthdate: birthdateFor(p, NOW),
    gender: p.gender,
    confirmed: p.confirmed,
    phone: p.phone ?? null,
    phoneVerified: p.phone !== undefined && p.phone_verified === true,
    email: p.email ?? null,
    emailVerified: p.email !== undefined && p.email_verified === true,
    parentalConsent: child && p.parental_consent === true,
    parentSubject: child && parent ? parent.oid : null,
  };
}

t.test('the authorization request', async (t) => {
  const secrets = await createLoginSecrets();
  const url = await basic.client.authorizationUrl({ ...secrets, locale: 'en', loginHint: 'adult-phone-email' });
  t.equal(url.origin, new URL(sandbox.issuer).origin);
  t.equal(url.searchParams.get('redirect_uri'), REDIRECT_URI);
  t.equal(url.searchParams.get('code_challenge_method'), 'S256');
  t.equal(url.searchParams.get('ui_locales'), 'en');
  t.equal(url.searchParams.get('scope'), 'openid profile email phone esia');
  const callback = await signInAtSandbox(url.href, 'adult-phone-email');
  t.equal(callback.searchParams.get('iss'), sandbox.issuer, 'the sandbox sends RFC 9207 iss');
  t.equal((await basic.client.completeLogin(callback, secrets)).person.subject, '1000000101');
});

t.test('named personas map to the expected Person', async (t) => {
  const expected: Record<string, Partial<Person>> = {
    'adult-phone-email': {
      subject: '1000000101',
      confirmed: true,
      phone: '+79990001101',
      phoneVerified: true,
      email: 'a.sokolov@example.ru',
      emailVerified: true,
      parentalConsent: false,
      parentSubject: null,
      gender: 'male',
    },
    'child12-consent': {
      subject: '1000000106',
      confirmed: true,
      phone: null,
      phoneVerified: false,
      emailVerified: true,
      parentalConsent: true,
      parentSubject: findPersona('parent')!.oid,
      gender: 'female',
    },
    'adult-unconfirmed': { subject: '1000000104', confirmed: false, phoneVerified: true, emailVerified: true, parentSubject: null },
  };
  for (const [id, facts] of Object.entries(expected)) {
    const { callback, secrets } = await signIn(basic, id);
    const { person, issuer } = await basic.client.completeLogin(callback, secrets);
    t.equal(issuer, sandbox.issuer);
    t.match(person, { ...facts, provider: sandbox.issuer }, id);
    t.same(person, personFromFile(findPersona(id)!), `${id}: the whole Person`);
    t.match(person.birthdate, /^\d{4}-\d{2}-\d{2}$/);
  }
  const child = (await basic.client.completeLogin(...(await signIn(basic, 'child12-consent').then((s) => [s.callback, s.secrets] as const)))).person;
  t.equal(child.birthdate, birthdateFor(findPersona('child12-consent')!, NOW), 'a 12-year-old by the sandbox clock');
});

t.test('every persona, with every client authentication method', async (t) => {
  const post = await makeClient({ clientId: 'bridge-post', clientSecret: 'post-secret', clientAuth: 'client_secret_post' });
  const jwtPem = await makeClient({ clientId: 'bridge-jwt', clientSecret: undefined, clientAuth: 'private_key_jwt', clientKey: rsaPem, clientKeyId: 'bridge-rsa' });
  const jwtJwk = await makeClient({ clientId: 'bridge-jwt', clientSecret: undefined, clientAuth: 'private_key_jwt', clientKey: ecJwk });
  const methods: [string, Client][] = [
    ['client_secret_basic', basic],
    ['client_secret_post', post],
    ['private_key_jwt (PEM)', jwtPem],
    ['private_key_jwt (JWK)', jwtJwk],
  ];
  for (const [index, persona] of personas.entries()) {
    const [method, c] = methods[index % methods.length]!;
    const { callback, secrets } = await signIn(c, persona.id);
    const { person } = await c.client.completeLogin(callback, secrets);
    t.same(person, personFromFile(persona), `${persona.id} via ${method}`);
  }
  for (const [method, c] of methods) {
    const { callback, secrets } = await signIn(c, 'adult-email-only');
    t.equal((await c.client.completeLogin(callback, secrets)).person.subject, '1000000102', method);
  }
});

t.test('"Отказать" on the consent page is ConsentDenied', async (t) => {
  const { callback, secrets } = await signIn(basic, 'adult-phone-email', 'deny');
  t.equal(callback.searchParams.get('error'), 'access_denied');
  basic.requests.reset();
  t.equal(await refusalCode(basic.client.completeLogin(callback, secrets)), 'consent_denied');
  t.equal(basic.requests.count('/token'), 0);
});

t.test('a wrong state is refused without a token request; the code stays usable', async (t) => {
  const { callback, secrets } = await signIn(basic, 'adult-phone-email');
  basic.requests.reset();
  t.equal(await refusalCode(basic.client.completeLogin(callback, { ...secrets, state: 'forged-state' })), 'provider_error');
  t.equal(basic.requests.count('/token'), 0, 'no token request');
  t.equal((await basic.client.completeLogin(callback, secrets)).person.subject, '1000000101', 'the code was not spent');
});

t.test('a wrong or missing iss parameter is refused without a token request', async (t) => {
  for (const change of [(u: URL) => u.searchParams.set('iss', 'http://127.0.0.1:1'), (u: URL) => u.searchParams.delete('iss')]) {
    const { callback, secrets } = await signIn(basic, 'adult-phone-email');
    change(callback);
    basic.requests.reset();
    t.equal(await refusalCode(basic.client.completeLogin(callback, secrets)), 'provider_error');
    t.equal(basic.requests.count('/token'), 0);
  }
});

t.test('a reused callback (code reuse) is refused', async (t) => {
  const { callback, secrets } = await signIn(basic, 'adult-phone-email');
  await basic.client.completeLogin(callback, secrets);
  basic.requests.reset();
  t.equal(await refusalCode(basic.client.completeLogin(callback, secrets)), 'provider_error');
  t.equal(basic.requests.count('/me'), 0, 'no userinfo');
  t.ok(basic.log.lines().some((l) => l.event === 'provider.response_invalid' && l.oauthError === 'invalid_grant'));
});

t.test('a wrong code verifier is refused', async (t) => {
  const { callback, secrets } = await signIn(basic, 'adult-phone-email');
  const other = await createLoginSecrets();
  t.equal(await refusalCode(basic.client.completeLogin(callback, { ...secrets, codeVerifier: other.codeVerifier })), 'provider_error');
  t.equal(basic.requests.count('/me'), 0);
});

t.test('a wrong nonce is refused after the token request, before userinfo', async (t) => {
  const { callback, secrets } = await signIn(basic, 'adult-phone-email');
  basic.requests.reset();
  t.equal(await refusalCode(basic.client.completeLogin(callback, { ...secrets, nonce: 'another-nonce' })), 'provider_error');
  t.equal(basic.requests.count('/token'), 1);
  t.equal(basic.requests.count('/me'), 0);
});

t.test('a wrong client secret is refused, not a crash', async (t) => {
  const wrong = await makeClient({ clientSecret: 'not-the-secret' });
  const { callback, secrets } = await signIn(wrong, 'adult-phone-email');
  t.equal(await refusalCode(wrong.client.completeLogin(callback, secrets)), 'provider_error');
  t.ok(wrong.log.lines().some((l) => l.event === 'provider.response_invalid' && l.oauthError === 'invalid_client'));
  t.notOk(wrong.log.text().includes('not-the-secret'), 'the secret is not logged');
});

t.test('pinned algorithms the sandbox does not use refuse its tokens', async (t) => {
  const es = await makeClient({ idTokenAlgs: ['ES256'] });
  const { callback, secrets } = await signIn(es, 'adult-phone-email');
  es.requests.reset();
  t.equal(await refusalCode(es.client.completeLogin(callback, secrets)), 'provider_error');
  t.equal(es.requests.count('/me'), 0, 'no userinfo');
  t.ok(es.log.events().includes('provider.alg_mismatch'), 'the mismatch was logged at load');
});

t.test('nothing secret or personal in the logs', async (t) => {
  const text = clients.map((c) => c.log.text()).join('\n');
  for (const needle of ['basic-secret', 'post-secret', 'Соколов', 'a.sokolov', '+7999', 'eyJ', 'PRIVATE KEY', '"d":']) {
    t.notOk(text.includes(needle), `no ${needle}`);
  }
  t.ok(text.includes('provider.login_verified'));
});
