// The sandbox must refuse what ESIA refuses, or the service's error paths are never exercised.
import t from 'tap';
import * as client from 'openid-client';
import { CookieJar } from 'tough-cookie';
import { startSandbox } from '../../src/sandbox/index.js';
import { findPersona } from '../../src/sandbox/personas.js';
import { signInAtSandbox } from '../helpers/sandbox-driver.js';

const REDIRECT_URI = 'http://localhost:3000/v1/callback';

const sandbox = await startSandbox({
  port: 0,
  clients: [{ client_id: 'bridge', client_secret: 'right-secret', redirect_uris: [REDIRECT_URI] }],
});
t.teardown(() => sandbox.close());

const connect = (secret: string) =>
  client.discovery(new URL(sandbox.issuer), 'bridge', undefined, client.ClientSecretBasic(secret), {
    execute: [client.allowInsecureRequests],
  });
const config = await connect('right-secret');

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a refusal'),
    (error: unknown) => error,
  );
}

async function signIn(personaId: string, params: Record<string, string> = {}) {
  const pkceCodeVerifier = client.randomPKCECodeVerifier();
  const expectedState = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile',
    state: expectedState,
    code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    ...params,
  });
  const callback = await signInAtSandbox(url.href, personaId);
  return { callback, checks: { pkceCodeVerifier, expectedState } };
}

t.test('a wrong PKCE verifier is refused', async (t) => {
  const { callback, checks } = await signIn('adult-phone-email');
  const wrong = { ...checks, pkceCodeVerifier: client.randomPKCECodeVerifier() };
  t.match(await refusal(client.authorizationCodeGrant(config, callback, wrong)), { error: 'invalid_grant' });
});

t.test('a code is good for one exchange only', async (t) => {
  const { callback, checks } = await signIn('adult-phone-email');
  await client.authorizationCodeGrant(config, callback, checks);
  t.match(await refusal(client.authorizationCodeGrant(config, callback, checks)), { error: 'invalid_grant' });
});

t.test('a wrong client secret is refused', async (t) => {
  const { callback, checks } = await signIn('adult-phone-email');
  const impostor = await connect('wrong-secret');
  // A failed client_secret_basic answers 401 with a Bearer-style challenge, which openid-client surfaces as such.
  t.match(await refusal(client.authorizationCodeGrant(impostor, callback, checks)), {
    status: 401,
    cause: [{ parameters: { error: 'invalid_client' } }],
  });
});

t.test('an authorization request without PKCE is sent back with invalid_request', async (t) => {
  const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', state: 'st' });
  const response = await fetch(url, { redirect: 'manual' });
  const location = new URL(response.headers.get('location')!);
  t.equal(location.origin + location.pathname, REDIRECT_URI);
  t.equal(location.searchParams.get('error'), 'invalid_request');
  t.match(location.searchParams.get('error_description'), /PKCE/);
  t.equal(location.searchParams.get('state'), 'st');
});

t.test('an unregistered redirect URI gets an error page, never a redirect', async (t) => {
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: 'http://attacker.example/cb',
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
  });
  const response = await fetch(url, { redirect: 'manual' });
  t.equal(response.status, 400);
  t.equal(response.headers.get('location'), null);
  t.match(await response.text(), 'invalid_redirect_uri');
  await t.rejects(signInAtSandbox(url.href, 'adult-phone-email'), /sandbox answered 400/);
});

t.test('the interaction pages refuse what no form of theirs would send', async (t) => {
  const jar = new CookieJar();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
  });
  const start = await fetch(url, { redirect: 'manual' });
  for (const cookie of start.headers.getSetCookie()) await jar.setCookie(cookie, url.href);
  const page = new URL(start.headers.get('location')!, url);
  const send = async (path: string, init: RequestInit = {}, cookies = true) => {
    const target = new URL(path, page);
    const headers = new Headers(init.headers);
    if (cookies) headers.set('cookie', await jar.getCookieString(target.href));
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    return { status: response.status, html: await response.text() };
  };
  const form = (body: string) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

  t.match(await send(`${page.pathname}/login`, form('persona=nobody')), {
    status: 400,
    html: 'Неизвестный тестовый пользователь.',
  });
  t.match(await send(`${page.pathname}/consent`, form('decision=allow')), { status: 400 }, 'not the consent step yet');
  t.match(await send(`${page.pathname}/login`, { method: 'POST', body: '{}' }), { status: 415 });
  t.match(await send(`${page.pathname}/login`), { status: 405 });
  t.match(await send(`${page.pathname}/elsewhere`), { status: 404 });
  t.match(await send('/interaction/someone-else'), { status: 400 }, 'uid must match the cookie');
  t.match(await send(page.pathname, {}, false), { status: 400, html: 'invalid_request' }, 'no interaction cookie');
  t.match(await send(`${page.pathname}/login`, form('persona=' + 'x'.repeat(20_000))), { status: 413 });
});

t.test('/rs/prns needs a token issued for that very person', async (t) => {
  const { callback, checks } = await signIn('parent');
  const { access_token: parentToken } = await client.authorizationCodeGrant(config, callback, checks);
  const parentOid = findPersona('parent')!.oid;
  const childOid = findPersona('child12-consent')!.oid;

  const get = (path: string, token?: string) =>
    fetch(new URL(path, sandbox.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  const missing = await get(`/rs/prns/${parentOid}`);
  t.equal(missing.status, 401);
  t.match(missing.headers.get('www-authenticate'), /^Bearer error="invalid_token"/);
  t.match(await missing.json(), { error: 'invalid_token' });

  const forged = await get(`/rs/prns/${parentOid}`, 'not-a-real-token');
  t.equal(forged.status, 401);
  t.match(await forged.json(), { error: 'invalid_token' });

  for (const path of [`/rs/prns/${childOid}`, `/rs/prns/${childOid}/ctts`, `/rs/prns/${childOid}/kids`]) {
    const foreign = await get(path, parentToken);
    t.equal(foreign.status, 403, `${path} with the parent's token`);
    t.match(await foreign.json(), { error: 'access_denied' });
  }

  const ownKids = await get(`/rs/prns/${parentOid}/kids?embed=(elements)`, parentToken);
  t.equal(ownKids.status, 200, 'a parent reads their kids under their own oid');
  t.match(await ownKids.json(), { size: 2 });

  t.equal((await get('/rs/prns/abc', parentToken)).status, 404);
  const post = await fetch(new URL(`/rs/prns/${parentOid}`, sandbox.url), { method: 'POST' });
  t.equal(post.status, 405);
});
