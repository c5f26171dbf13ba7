// The esia dialect's refusals at the adapter: what ESIA, the network, the signer or
// an attacker between them can do, and the error the flow sees for each.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import t, { type Test } from 'tap';
import { createEsiaProvider, type EsiaProviderDeps } from '../../../../src/adapters/provider/esia/esia-provider.js';
import type { EsiaOptions } from '../../../../src/adapters/provider/esia/esia-options.js';
import { createInProcessSigner } from '../../../../src/adapters/signer/in-process-signer.js';
import { createRemoteSigner } from '../../../../src/adapters/signer/remote-signer.js';
import { clientSigner, esiaOptions, startEsiaSandbox } from '../../../helpers/esia.js';
import { ENGINE_PATH, OTHER, certDer } from '../../../helpers/gost.js';
import { signInAtSandbox } from '../../../helpers/sandbox-driver.js';

const logger = pino({ level: 'silent' });
const code = (err: unknown) => (err as { code?: string }).code;

async function attempt(t: Test, opts: { options?: Partial<EsiaOptions>; deps?: Partial<EsiaProviderDeps>; persona?: string; decision?: 'allow' | 'deny'; callback?: (u: URL) => URL } = {}) {
  const sandbox = await startEsiaSandbox(t);
  const provider = createEsiaProvider({ ...esiaOptions(sandbox), ...opts.options }, { signer: clientSigner, logger, ...opts.deps });
  const state = randomUUID();
  const url = await provider.authorizationUrl({ state, nonce: 'n', codeChallenge: 'c', locale: 'ru' });
  const back = await signInAtSandbox(url.href, opts.persona ?? 'adult-phone-email', opts.decision ?? 'allow');
  return provider.completeLogin(opts.callback ? opts.callback(back) : back, { state, nonce: 'n', codeVerifier: 'v' }).then(
    () => 'completed',
    (err: unknown) => code(err),
  );
}

/** A fetch that changes the token request or its answer. */
function tokenFetch(change: { form?: (f: URLSearchParams) => void; answer?: (json: Record<string, unknown>) => Record<string, unknown>; status?: number; body?: unknown }): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    if (!url.includes('/aas/oauth2/')) return fetch(input, init);
    const form = new URLSearchParams(String(init?.body));
    change.form?.(form);
    if (change.status) return new Response(JSON.stringify(change.body ?? {}), { status: change.status });
    const res = await fetch(input, { ...init, body: form });
    const json = (await res.json()) as Record<string, unknown>;
    return new Response(JSON.stringify(change.answer ? change.answer(json) : json), { status: res.status });
  };
}

t.test('ESIA’s answers and the network', async (t) => {
  t.equal(await attempt(t), 'completed');
  t.equal(await attempt(t, { decision: 'deny' }), 'consent_denied', 'ESIA-007004');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ status: 503, body: { error: 'server_error', error_description: 'ESIA-007007: …' } }) } }), 'provider_unavailable');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ status: 502 }) } }), 'provider_unavailable', '5xx without a body');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ status: 200, body: 'not json' }) } }), 'provider_error');
  const down: typeof fetch = async (input, init) => (String(input).includes('/aas/') ? fetch('http://127.0.0.1:9/', init) : fetch(input, init));
  t.equal(await attempt(t, { deps: { fetch: down } }), 'provider_unavailable', 'connection refused');
});

t.test('a changed token request or answer is refused', async (t) => {
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ form: (f) => f.set('scope', 'openid snils') }) } }), 'provider_error', 'scope');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ form: (f) => f.set('code', 'stolen') }) } }), 'provider_error', 'code');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ answer: (j) => ({ ...j, state: randomUUID() }) }) } }), 'provider_error', 'state');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ answer: ({ id_token: _, ...j }) => j }) } }), 'provider_error', 'no ID token');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ answer: ({ access_token: _, ...j }) => j }) } }), 'provider_error', 'no access token');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ answer: (j) => ({ ...j, token_type: 'MAC' }) }) } }), 'provider_error', 'token type');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ answer: (j) => ({ ...j, id_token: `${j.id_token}x` }) }) } }), 'provider_error', 'signature');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ answer: (j) => ({ ...j, id_token: 'a.b' }) }) } }), 'provider_error', 'not a JWS');
  t.equal(await attempt(t, { deps: { fetch: tokenFetch({ answer: (j) => ({ ...j, access_token: 'forged' }) }) } }), 'provider_error', 'person data refused');
});

t.test('the callback', async (t) => {
  const set = (name: string, value: string) => (u: URL) => (u.searchParams.set(name, value), u);
  t.equal(await attempt(t, { callback: set('state', randomUUID()) }), 'provider_error');
  t.equal(await attempt(t, { callback: set('iss', 'http://evil.example/') }), 'provider_error');
  t.equal(await attempt(t, { callback: (u) => (u.searchParams.delete('code'), u) }), 'provider_error');
  t.equal(await attempt(t, { callback: (u) => (u.searchParams.append('code', 'x'), u) }), 'provider_error');
  t.equal(await attempt(t, { callback: (u) => (u.searchParams.delete('state'), u) }), 'provider_error');
  t.equal(await attempt(t, { callback: (u) => new URL(`${u.origin}${u.pathname}?state=${u.searchParams.get('state')}&error=temporarily_unavailable`) }), 'provider_unavailable');
});

t.test('the bridge’s own mistakes: clock, certificate, key, signer', async (t) => {
  t.equal(await attempt(t, { deps: { now: () => new Date(Date.now() - 10 * 60_000) } }), 'provider_error', '10 minutes slow');
  const other = createInProcessSigner({ enginePath: ENGINE_PATH, privateKeyPem: OTHER.privateKeyPem });
  t.equal(await attempt(t, { deps: { signer: other }, options: { clientCertificate: certDer(OTHER) } }), 'provider_error', 'another certificate');
  t.equal(await attempt(t, { deps: { signer: other } }), 'provider_error', 'another key, the registered certificate');
  t.equal(await attempt(t, { options: { clientCertificateHash: '00'.repeat(32) } }), 'provider_error', 'a configured hash that is wrong');
  t.equal(await attempt(t, { options: { esiaCertificates: [certDer(OTHER)] } }), 'provider_error', 'ESIA’s certificate is another');
  t.equal(await attempt(t, { options: { issuer: 'http://esia.gosuslugi.ru/' } }), 'provider_error', 'another issuer expected');

  const sandbox = await startEsiaSandbox(t);
  const remote = createRemoteSigner({ url: 'http://127.0.0.1:9/signer', authorization: null, timeoutMs: 200, maxAttempts: 1 }, logger);
  const provider = createEsiaProvider(esiaOptions(sandbox), { signer: remote, logger });
  const err = await provider.authorizationUrl({ state: randomUUID(), nonce: 'n', codeChallenge: 'c', locale: 'ru' }).catch((e: unknown) => e);
  t.equal(code(err), 'provider_unavailable', 'a signer that cannot be reached');
  t.equal(code(await provider.check().catch((e: unknown) => e)), 'provider_unavailable', 'readiness says so');
  const ready = createEsiaProvider(esiaOptions(sandbox), { signer: clientSigner, logger });
  await t.resolves(ready.check());
  ready.close();
});
