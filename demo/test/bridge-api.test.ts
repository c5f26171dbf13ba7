// The demo's two outward calls, against a local stand-in of the service: the login
// API (Basic authentication, JSON, problem+json turned into BridgeProblem) and the
// assertion check with the published keys.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import t, { type Test } from 'tap';
import { assertionVerifier, AssertionRejected } from '../assertion.js';
import { bridgeApi, BridgeProblem } from '../bridge-api.js';
import { freePort } from '../../test/helpers/provider-fake-op.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function standIn(t: Test, handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const problem = (res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers }).end(JSON.stringify(body));

t.test('calls carry Basic authentication and JSON; problems keep their code and hints', async (t) => {
  const seen: { method?: string; url?: string; auth?: string; type?: string; body: string }[] = [];
  const url = await standIn(t, (req, body, res) => {
    seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body });
    if (req.url?.endsWith('/otp/verify')) return problem(res, 422, { code: 'invalid_code', attempts_left: 2 });
    if (req.url?.endsWith('/otp')) return problem(res, 429, { code: 'resend_cooldown' }, { 'retry-after': '42' });
    if (req.url?.endsWith('/complete')) return res.writeHead(502).end('<html>bad gateway</html>');
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'l-1', status: 'x' }));
  });
  const api = bridgeApi({ serviceUrl: url, clientId: 'demo', clientSecret: 'p:ss' });
  t.same(await api.start({ returnTo: 'http://demo/callback', locale: 'en', clientState: 'st' }), { id: 'l-1', status: 'x' });
  t.same(seen[0], {
    method: 'POST',
    url: '/v1/logins',
    auth: `Basic ${Buffer.from('demo:p%3Ass').toString('base64')}`,
    type: 'application/json',
    body: JSON.stringify({ return_to: 'http://demo/callback', locale: 'en', client_state: 'st' }),
  });
  await api.get('l-1');
  t.match(seen.at(-1), { method: 'GET', url: '/v1/logins/l-1', type: undefined });
  await t.rejects(api.verifyCode('l-1', '123456'), new BridgeProblem(422, 'invalid_code', 2));
  await t.rejects(api.sendCode('l-1'), { status: 429, code: 'resend_cooldown', retryAfterSeconds: 42 });
  t.equal(seen.at(-1)?.body, '{}');
  await t.rejects(api.complete('l-1'), { status: 502, code: 'http_502' });
  for (const [call, body] of [
    [() => api.claim('l-1', 'h'), { handoff: 'h' }],
    [() => api.chooseProfile('l-1', 'p'), { profile_id: 'p' }],
    [() => api.notMine('l-1'), { not_mine: true }],
    [() => api.confirmNewProfile('l-1'), { confirm: true }],
  ] as const) {
    await call();
    t.same(JSON.parse(seen.at(-1)?.body ?? ''), body);
  }
  await api.cancel('l-1');
  t.match(seen.at(-1), { method: 'DELETE', url: '/v1/logins/l-1' });
});

t.test('a service that does not answer is a retryable 503', async (t) => {
  const api = bridgeApi({ serviceUrl: `http://127.0.0.1:${await freePort()}`, clientId: 'demo', clientSecret: 's' });
  await t.rejects(api.get('l-1'), { status: 503, code: 'service_unreachable' });
  const slow = await standIn(t, () => {});
  const impatient = bridgeApi({ serviceUrl: slow, clientId: 'demo', clientSecret: 's', timeoutMs: 200 });
  await t.rejects(impatient.get('l-1'), { status: 503, code: 'service_unreachable' });
});

t.test('an assertion is accepted only with the service key, ES256, its issuer, this audience and the login\'s profile', async (t) => {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const other = await generateKeyPair('ES256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
  const url = await standIn(t, (_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
  const verify = assertionVerifier(url, 'demo');
  const sign = (claims: Record<string, unknown> = {}, key = privateKey, kid = 'k1') =>
    new SignJWT({ amr: ['esia', 'otp'], ...claims })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(url)
      .setAudience('demo')
      .setSubject('p-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  t.match(await verify(await sign(), 'p-1'), { sub: 'p-1', amr: ['esia', 'otp'] });
  const refused = async (token: string | Promise<string>, what: string, profileId = 'p-1') =>
    t.rejects(verify(await token, profileId), AssertionRejected, what);
  await refused(sign(), 'another profile than the login reported', 'p-2');
  await refused(sign({}, other.privateKey), 'signed by another key under the same kid');
  await refused(sign({}, other.privateKey, 'k2'), 'an unknown key');
  await refused(new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer('http://elsewhere').setAudience('demo').setSubject('p-1').setExpirationTime('5m').sign(privateKey), 'another issuer');
  await refused(new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(url).setAudience('vkid').setSubject('p-1').setExpirationTime('5m').sign(privateKey), 'another audience');
  await refused(new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(url).setAudience('demo').setSubject('p-1').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(privateKey), 'expired');
  await refused(new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(url).setAudience('demo').setSubject('p-1').setExpirationTime('5m').sign(new TextEncoder().encode('k'.repeat(32))), 'HS256');
  const [header, payload] = (await sign()).split('.');
  await refused(`${header}.${payload}.`, 'no signature');
});
