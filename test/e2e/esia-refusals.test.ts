// The esia dialect end to end, as an attacker or a broken ESIA would test it:
// every signed field of the authorization request tampered with, CryptoPro's raw
// byte order, ID tokens signed by another key or with another algorithm. Each is
// refused; the login ends rejected with the same code as any bad provider answer,
// ESIA's error code is logged and never shown to the client.
import t from 'tap';
import { ESIA_TOKEN_ALG } from '../../src/adapters/provider/esia/esia-options.js';
import { signGostJwt } from '../../src/adapters/provider/esia/gost-jwt.js';
import { createInProcessSigner } from '../../src/adapters/signer/in-process-signer.js';
import { captureLogger } from '../helpers/capture-logs.js';
import { esiaSandboxSigner } from '../helpers/esia.js';
import { flowHarness, RETURN_TO } from '../helpers/flow.js';
import { ENGINE_PATH, OTHER, reversed } from '../helpers/gost.js';
import { signInAtSandbox } from '../helpers/sandbox-driver.js';

const REJECTED = { code: 'provider_error' };

t.test('tampered authorization requests are refused by ESIA and end the login rejected', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const h = await flowHarness(t, {}, { dialect: 'esia', logger: logs.logger });

  /** Start, change the authorization URL as an attacker in the browser would, then finish. */
  async function tampered(change: (params: URLSearchParams) => void) {
    const started = await h.call('POST', '/v1/logins', { return_to: RETURN_TO });
    const { providerUrl, cookie } = await h.authorize(started.body.authorization_url);
    const url = new URL(providerUrl);
    change(url.searchParams);
    const back = await signInAtSandbox(url.href, 'adult-phone-email');
    const callback = await h.service.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie } });
    const handoff = new URL(String(callback.headers.location)).searchParams.get('handoff');
    return { back, claimed: await h.call('POST', `/v1/logins/${started.body.id}/claim`, { handoff }) };
  }

  const cases: [string, (p: URLSearchParams) => void, string][] = [
    ['scope widened', (p) => p.set('scope', `${p.get('scope')} snils`), 'ESIA-007053'],
    // One second later (the last digit of the seconds changed, whatever it was): still within the window.
    ['timestamp moved', (p) => p.set('timestamp', (p.get('timestamp') ?? '').replace(/(\d)( [+-]\d{4})$/, (_, d: string, zone: string) => `${(Number(d) + 1) % 10}${zone}`)), 'ESIA-007053'],
    ['certificate hash of another certificate', (p) => p.set('client_certificate_hash', '00'.repeat(32)), 'ESIA-007053'],
    ['one bit of the signature', (p) => {
      const secret = Buffer.from(p.get('client_secret') ?? '', 'base64url');
      secret[0] = secret[0]! ^ 1;
      p.set('client_secret', secret.toString('base64url'));
    }, 'ESIA-007053'],
    ['the signature in CryptoPro’s raw (reversed) byte order', (p) => {
      p.set('client_secret', reversed(Buffer.from(p.get('client_secret') ?? '', 'base64url')).toString('base64url'));
    }, 'ESIA-007053'],
    ['a 10-minute-old timestamp', (p) => {
      const old = new Date(Date.now() + 3 * 3600_000 - 10 * 60_000).toISOString();
      p.set('timestamp', `${old.slice(0, 10).replaceAll('-', '.')} ${old.slice(11, 19)} +0300`);
    }, 'ESIA-007015'],
  ];
  for (const [name, change, esiaCode] of cases) {
    t.test(name, async (t) => {
      const { back, claimed } = await tampered(change);
      t.match(back.searchParams.get('error_description'), esiaCode, 'ESIA refused with its code');
      t.equal(claimed.body.status, 'rejected');
      t.same(claimed.body.error, REJECTED);
      t.notMatch(JSON.stringify(claimed.body), /ESIA-/, 'ESIA’s code is not shown');
      t.ok(logs.lines().some((l) => l.event === 'provider.response_invalid' && l.errorCode === esiaCode), 'ESIA’s code is logged');
    });
  }

  t.test('a changed state or redirect_uri never comes back to this login', async (t) => {
    const started = await h.call('POST', '/v1/logins', { return_to: RETURN_TO });
    const { providerUrl, cookie } = await h.authorize(started.body.authorization_url);
    const url = new URL(providerUrl);
    url.searchParams.set('redirect_uri', 'https://evil.example/callback');
    await t.rejects(signInAtSandbox(url.href, 'adult-phone-email'), /sandbox answered 400/, 'no redirect to an unregistered URL');
    const stateChanged = new URL(providerUrl);
    stateChanged.searchParams.set('state', '00000000-0000-4000-8000-000000000000');
    const back = await signInAtSandbox(stateChanged.href, 'adult-phone-email');
    t.match(back.searchParams.get('error_description'), 'ESIA-007053');
    const callback = await h.service.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie } });
    t.equal(callback.statusCode, 400, 'an unknown state gets the error page, not the client');
    t.equal((await h.call('GET', `/v1/logins/${started.body.id}`)).body.status, 'awaiting_provider');
  });
});

const otherSigner = createInProcessSigner({ enginePath: ENGINE_PATH, privateKeyPem: OTHER.privateKeyPem });
const header = (alg: string) => ({ ver: 1, typ: 'JWT', sbt: 'id', alg });

const forgeries: [string, (claims: Record<string, unknown>) => Promise<string>][] = [
  ['signed by another key', (claims) => signGostJwt(header(ESIA_TOKEN_ALG), claims, otherSigner)],
  ['with another algorithm (RS256) in the header', (claims) => signGostJwt(header('RS256'), claims, esiaSandboxSigner)],
  ['unsigned (alg none)', async (claims) => `${(await signGostJwt(header('none'), claims, esiaSandboxSigner)).split('.').slice(0, 2).join('.')}.`],
  ['for another client', (claims) => signGostJwt(header(ESIA_TOKEN_ALG), { ...claims, aud: 'someone-else' }, esiaSandboxSigner)],
  ['expired', (claims) => signGostJwt(header(ESIA_TOKEN_ALG), { ...claims, exp: Math.floor(Date.now() / 1000) - 120 }, esiaSandboxSigner)],
  ['from another issuer', (claims) => signGostJwt(header(ESIA_TOKEN_ALG), { ...claims, iss: 'http://esia.example/' }, esiaSandboxSigner)],
  ['without the subject block', (claims) => signGostJwt(header(ESIA_TOKEN_ALG), { ...claims, 'urn:esia:sbj': undefined }, esiaSandboxSigner)],
];

t.test('forged ID tokens are refused: rejected, nothing leaked', async (t) => {
  let forge: ((claims: Record<string, unknown>) => Promise<string>) | undefined;
  const idTokenSigner = (claims: Record<string, unknown>) => (forge ?? ((c) => signGostJwt(header(ESIA_TOKEN_ALG), c, esiaSandboxSigner)))(claims);
  const h = await flowHarness(t, {}, { dialect: 'esia', idTokenSigner });
  t.equal((await h.login('adult-phone-email')).claimed.body.status, 'profile_review', 'a genuine token passes');
  for (const [name, forgery] of forgeries) {
    forge = forgery;
    const { claimed } = await h.login('adult-phone-email');
    t.equal(claimed.body.status, 'rejected', name);
    t.same(claimed.body.error, REJECTED, name);
    t.notOk(claimed.body.person, `${name}: nothing about the person`);
  }
});
