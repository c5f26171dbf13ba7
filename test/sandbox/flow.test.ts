// An ordinary OpenID Connect client (openid-client) signs in as every persona by
// driving the sandbox's HTML over real HTTP, then reads userinfo and /rs/prns.
import t from 'tap';
import * as client from 'openid-client';
import { exportJWK, generateKeyPair } from 'jose';
import { CookieJar } from 'tough-cookie';
import { startSandbox } from '../../src/sandbox/index.js';
import { birthdateFor, findPersona, personas, type Persona } from '../../src/sandbox/personas.js';
import { signInAtSandbox } from '../helpers/sandbox-driver.js';

const REDIRECT_URI = 'http://localhost:3000/v1/callback';
const ALL_SCOPES = 'openid profile email phone esia';
const NOW = new Date('2025-06-15T09:00:00Z');

// What the persona file is meant to say, written out independently of claimsFor().
const expected: Record<string, { lvl: 'P' | 'PR' | 'KD'; consent?: boolean; parent?: string; kids?: string[] }> = {
  'adult-phone-email': { lvl: 'PR' },
  'adult-email-only': { lvl: 'PR' },
  'adult-phone-only': { lvl: 'PR' },
  'adult-unconfirmed': { lvl: 'P' },
  'adult-unverified-contacts': { lvl: 'PR' },
  'child12-consent': { lvl: 'KD', consent: true, parent: 'parent' },
  'child12-no-consent': { lvl: 'KD', consent: false, parent: 'parent' },
  'child12-no-parent': { lvl: 'KD', consent: false },
  'teen15-phone': { lvl: 'KD', consent: false },
  'teen15-email': { lvl: 'KD', consent: false },
  parent: { lvl: 'PR', kids: ['child12-consent', 'child12-no-consent'] },
  'adult-shared-phone': { lvl: 'PR' },
  'twin-a': { lvl: 'KD', consent: false },
};

const clientKeys = await generateKeyPair('RS256');
const sandbox = await startSandbox({
  port: 0,
  now: () => NOW,
  clients: [
    { client_id: 'basic-client', client_secret: 'basic-secret', redirect_uris: [REDIRECT_URI] },
    {
      client_id: 'post-client',
      client_secret: 'post-secret',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'client_secret_post',
    },
    {
      client_id: 'jwt-client',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(clientKeys.publicKey)), kid: 'client-key', alg: 'RS256' }] },
    },
  ],
});
t.teardown(() => sandbox.close());

const discoveryOptions = { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] };
const issuerUrl = new URL(sandbox.issuer);
const clients = [
  await client.discovery(issuerUrl, 'basic-client', undefined, client.ClientSecretBasic('basic-secret'), discoveryOptions),
  await client.discovery(issuerUrl, 'post-client', undefined, client.ClientSecretPost('post-secret'), discoveryOptions),
  await client.discovery(
    issuerUrl,
    'jwt-client',
    undefined,
    client.PrivateKeyJwt({ key: clientKeys.privateKey, kid: 'client-key' }),
    discoveryOptions,
  ),
] as const;

async function authorize(config: client.Configuration, params: Record<string, string> = {}) {
  const pkceCodeVerifier = client.randomPKCECodeVerifier();
  const expectedState = client.randomState();
  const expectedNonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: ALL_SCOPES,
    state: expectedState,
    nonce: expectedNonce,
    code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    ...params,
  });
  return { url: url.href, checks: { pkceCodeVerifier, expectedState, expectedNonce } };
}

function expectedClaims(persona: Persona) {
  const facts = expected[persona.id]!;
  return {
    sub: persona.oid,
    family_name: persona.family_name,
    given_name: persona.given_name,
    middle_name: persona.middle_name,
    birthdate: birthdateFor(persona, NOW),
    gender: persona.gender,
    ...(persona.phone && { phone_number: persona.phone, phone_number_verified: persona.phone_verified }),
    ...(persona.email && { email: persona.email, email_verified: persona.email_verified }),
    'urn:esia:sbj': {
      'urn:esia:sbj:typ': 'P',
      'urn:esia:sbj:oid': persona.oid,
      'urn:esia:sbj:lvl': facts.lvl,
      ...(persona.confirmed && { 'urn:esia:sbj:is_tru': true }),
    },
    ...(facts.consent !== undefined && { parental_consent: facts.consent }),
    ...(facts.parent && { parent_sub: findPersona(facts.parent)!.oid }),
  };
}

const jwtClaims = new Set(['iss', 'aud', 'exp', 'iat', 'nonce', 'auth_time', 'sid', 'at_hash', 'azp']);
const withoutJwtClaims = (claims: object) =>
  Object.fromEntries(Object.entries(claims).filter(([key]) => !jwtClaims.has(key)));

const esiaPerson = (p: Persona) => ({
  oid: p.oid,
  firstName: p.given_name,
  lastName: p.family_name,
  middleName: p.middle_name,
  birthDate: birthdateFor(p, NOW).split('-').reverse().join('.'),
  gender: p.gender === 'male' ? 'M' : 'F',
});

async function rest(config: client.Configuration, token: string, path: string) {
  const response = await client.fetchProtectedResource(config, token, new URL(path, sandbox.url), 'GET');
  return { status: response.status, body: (await response.json()) as unknown };
}

t.test('the persona file and the expectations name the same people', async (t) => {
  t.same(personas.map((p) => p.id).sort(), Object.keys(expected).sort());
});

personas.forEach((persona, index) => {
  const config = clients[index % clients.length]!;
  const method = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'][index % 3];
  t.test(`${persona.id} signs in (${method})`, async (t) => {
    const { url, checks } = await authorize(config, { login_hint: persona.id });
    const callback = await signInAtSandbox(url, persona.id);
    t.equal(callback.searchParams.get('iss'), sandbox.issuer, 'RFC 9207 iss in the response');

    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    const claims = expectedClaims(persona);
    t.strictSame(withoutJwtClaims(tokens.claims()!), claims, 'ID token claims');
    t.strictSame(await client.fetchUserInfo(config, tokens.access_token, persona.oid), claims, 'userinfo');

    const facts = expected[persona.id]!;
    const prns = await rest(config, tokens.access_token, `/rs/prns/${persona.oid}`);
    const guardianship = {
      ...(facts.consent !== undefined && { parentalConsent: facts.consent }),
      ...(facts.parent && { parentOid: findPersona(facts.parent)!.oid }),
    };
    t.strictSame(prns, { status: 200, body: { ...esiaPerson(persona), trusted: persona.confirmed, ...guardianship } });

    const contacts = [
      ...(persona.phone
        ? [{ type: 'MBT', value: persona.phone.replace(/^\+7(\d{3})/, '+7($1)'), verified: persona.phone_verified }]
        : []),
      ...(persona.email ? [{ type: 'EML', value: persona.email, verified: persona.email_verified }] : []),
    ].map(({ verified, ...c }) => ({ ...c, vrfStu: verified ? 'VERIFIED' : 'NOT_VERIFIED' }));
    const ctts = await rest(config, tokens.access_token, `/rs/prns/${persona.oid}/ctts?embed=(elements)`);
    t.strictSame(ctts, { status: 200, body: { size: contacts.length, elements: contacts } });

    const kids = (facts.kids ?? []).map((id) => esiaPerson(findPersona(id)!));
    const kidsResponse = await rest(config, tokens.access_token, `/rs/prns/${persona.oid}/kids?embed=(elements)`);
    t.strictSame(kidsResponse, { status: 200, body: { size: kids.length, elements: kids } });
  });
});

t.test('"Отказать" sends access_denied back with state and iss', async (t) => {
  const { url, checks } = await authorize(clients[0]);
  const callback = await signInAtSandbox(url, 'adult-phone-email', 'deny');
  t.equal(callback.origin + callback.pathname, REDIRECT_URI);
  t.equal(callback.searchParams.get('error'), 'access_denied');
  t.equal(callback.searchParams.get('state'), checks.expectedState);
  t.equal(callback.searchParams.get('iss'), sandbox.issuer);
  t.notOk(callback.searchParams.has('code'));
});

t.test('a later request in the same session asks consent only for the new scopes', async (t) => {
  const jar = new CookieJar();
  const config = clients[0];
  const first = await authorize(config, { scope: 'openid profile' });
  await signInAtSandbox(first.url, 'parent', 'allow', jar);

  const second = await authorize(config, { scope: 'openid profile email' });
  // An unknown persona proves no login page is shown: the session is reused.
  const callback = await signInAtSandbox(second.url, 'no-such-persona', 'allow', jar);
  const tokens = await client.authorizationCodeGrant(config, callback, second.checks);
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, findPersona('parent')!.oid);
  t.equal(userinfo.family_name, 'Смирнов', 'profile granted earlier is kept');
  t.equal(userinfo.email, 's.smirnov@example.ru', 'email granted now');
  t.notOk('phone_number' in userinfo, 'phone was never asked for');
});

async function loginPage(params: Record<string, string>) {
  const jar = new CookieJar();
  const { url } = await authorize(clients[0], params);
  const start = await fetch(url, { redirect: 'manual' });
  for (const cookie of start.headers.getSetCookie()) await jar.setCookie(cookie, url);
  const pageUrl = new URL(start.headers.get('location')!, url).href;
  const page = await fetch(pageUrl, { headers: { cookie: await jar.getCookieString(pageUrl) } });
  return { contentType: page.headers.get('content-type'), html: await page.text() };
}

t.test('the login page is Russian by default and lists every persona as a form button', async (t) => {
  const { contentType, html } = await loginPage({});
  t.equal(contentType, 'text/html; charset=utf-8');
  t.match(html, '<html lang="ru">');
  t.match(html, 'Вход через песочницу ЕСИА');
  for (const p of personas) {
    t.match(html, `<button type="submit" name="persona" value="${p.id}">`);
  }
  t.notMatch(html, 'class="hinted"');
});

t.test('ui_locales=en switches to English and login_hint puts the persona first, marked', async (t) => {
  const { html } = await loginPage({ ui_locales: 'en-GB ru', login_hint: 'teen15-email' });
  t.match(html, '<html lang="en">');
  t.match(html, 'Sign in with the ESIA sandbox');
  const firstButton = /name="persona" value="([^"]+)"/.exec(html)?.[1];
  t.equal(firstButton, 'teen15-email');
  t.match(html, /<li class="hinted">[\s\S]*?value="teen15-email"[\s\S]*?login_hint/);
});
