// Option defaults, the pinned algorithms, client keys for private_key_jwt (the settings themselves are checked by the configuration: test/config).
import { generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { importClientKey, inspectClientKey } from '../../../src/adapters/provider/client-key.js';
import {
  checkIdTokenAlgs,
  DEFAULT_ID_TOKEN_ALGS,
  DEFAULT_SCOPES,
  resolveProviderOptions,
} from '../../../src/adapters/provider/provider-options.js';
import { DEFAULT_CLAIM_MAPPING } from '../../../src/adapters/provider/claim-mapping.js';

const base = resolveProviderOptions({
  issuer: 'https://esia.example.test',
  clientId: 'bridge',
  clientSecret: 'secret-value-123',
  clientAuth: 'client_secret_basic',
  redirectUri: 'https://bridge.example.test/v1/callback',
});

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const smallRsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
const ed = generateKeyPairSync('ed25519');
const pkcs8 = (k: { privateKey: import('node:crypto').KeyObject }) =>
  k.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const jwk = (k: { privateKey: import('node:crypto').KeyObject }, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...k.privateKey.export({ format: 'jwk' }), ...extra });

t.test('defaults', async (t) => {
  t.same(base.idTokenAlgs, ['RS256', 'ES256']);
  t.same(base.scopes, ['openid', 'profile', 'email', 'phone', 'esia']);
  t.equal(base.timeoutMs, 10_000);
  t.equal(base.allowHttp, false);
  t.same(base.claims, DEFAULT_CLAIM_MAPPING);
  base.idTokenAlgs.push('PS256');
  t.same(DEFAULT_ID_TOKEN_ALGS, ['RS256', 'ES256'], 'defaults are copied, not shared');
  t.same(DEFAULT_SCOPES, ['openid', 'profile', 'email', 'phone', 'esia']);
  base.idTokenAlgs.pop();
  const custom = resolveProviderOptions({ ...base, claims: { confirmed: 'trusted' } });
  t.equal(custom.claims.confirmed, 'trusted');
  t.equal(custom.claims.subject, 'sub');
});

t.test('checkIdTokenAlgs refuses none, HMAC and unknown algorithms', async (t) => {
  t.same(checkIdTokenAlgs(['RS256', 'ES256', 'PS256', 'EdDSA', 'Ed25519']), []);
  t.match(checkIdTokenAlgs(['RS256', 'none']), [/must not contain "none"/]);
  t.match(checkIdTokenAlgs(['NONE']), [/must not contain "none"/]);
  t.match(checkIdTokenAlgs(['HS256']), [/HS256: only asymmetric/]);
  t.match(checkIdTokenAlgs(['RS1']), [/unsupported algorithm RS1/]);
  t.match(checkIdTokenAlgs(['']), [/empty entry/]);
  t.match(checkIdTokenAlgs([]), [/at least one/]);
});

t.test('client keys: PEM PKCS#8 and JWK JSON', async (t) => {
  const cases: [string, string, string | undefined, { alg: string; kid?: string; format: string }][] = [
    ['RSA PEM', pkcs8(rsa), undefined, { format: 'pem', alg: 'RS256' }],
    ['RSA PEM with kid', pkcs8(rsa), 'k1', { format: 'pem', alg: 'RS256', kid: 'k1' }],
    ['EC P-256 PEM', pkcs8(ec), undefined, { format: 'pem', alg: 'ES256' }],
    ['EC P-384 PEM', pkcs8(ec384), undefined, { format: 'pem', alg: 'ES384' }],
    ['Ed25519 PEM', pkcs8(ed), undefined, { format: 'pem', alg: 'Ed25519' }],
    ['RSA JWK', jwk(rsa, { kid: 'jwk-kid' }), undefined, { format: 'jwk', alg: 'RS256', kid: 'jwk-kid' }],
    ['RSA JWK PS256', jwk(rsa, { alg: 'PS256' }), undefined, { format: 'jwk', alg: 'PS256' }],
    ['RSA JWK kid overridden', jwk(rsa, { kid: 'jwk-kid' }), 'opt-kid', { format: 'jwk', alg: 'RS256', kid: 'opt-kid' }],
    ['EC JWK', jwk(ec, { alg: 'ES256' }), undefined, { format: 'jwk', alg: 'ES256' }],
    ['Ed25519 JWK EdDSA', jwk(ed, { alg: 'EdDSA' }), undefined, { format: 'jwk', alg: 'Ed25519' }],
  ];
  for (const [name, text, kid, info] of cases) {
    t.same(inspectClientKey(text, kid), { ok: true, info }, name);
    const imported = await importClientKey(`\n${text}\n`, kid);
    t.equal(imported.key.type, 'private', `${name}: imported`);
    t.equal(imported.alg, info.alg);
  }
  const bad: [string, string | undefined, RegExp][] = [
    ['missing', undefined, /is missing/],
    ['empty', '  ', /is missing/],
    ['garbage', 'hello', /PEM PKCS#8 private key or a private JWK/],
    ['PKCS#1', rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(), /PKCS#8/],
    ['public key PEM', rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString(), /PKCS#8/],
    ['broken PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', /cannot be read/],
    ['public JWK', JSON.stringify(rsa.publicKey.export({ format: 'jwk' })), /not a private key/],
    ['JWK without kty', '{"d":"x"}', /no "kty"/],
    ['bad JSON', '{"kty":', /not valid JSON/],
    ['broken JWK', '{"kty":"RSA","d":"x"}', /cannot be read/],
    ['small RSA', pkcs8(smallRsa), /2048/],
    ['secp256k1', pkcs8(secp256k1), /curve secp256k1 is not supported/],
    ['alg mismatch RSA', jwk(rsa, { alg: 'ES256' }), /does not fit an RSA key/],
    ['alg mismatch EC', jwk(ec, { alg: 'ES384' }), /expected ES256/],
    ['alg mismatch Ed25519', jwk(ed, { alg: 'RS256' }), /Ed25519/],
  ];
  for (const [name, text, problem] of bad) {
    const result = inspectClientKey(text);
    t.equal(result.ok, false, name);
    if (!result.ok) t.match(result.problems.join('; '), problem, name);
  }
  await t.rejects(importClientKey('hello'), TypeError);
});
