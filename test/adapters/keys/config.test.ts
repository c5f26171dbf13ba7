import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import t, { type Test } from 'tap';
import { createKeyRing } from '../../../src/adapters/keys/key-ring.js';
import { checkSigningKeys, parseSigningKeys } from '../../../src/adapters/keys/signing-key-config.js';

async function ecJwk(kid?: string, alg: 'ES256' | 'ES384' | 'RS256' = 'ES256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return kid === undefined ? jwk : { ...jwk, kid };
}

const jwkSet = (...keys: JWK[]) => JSON.stringify({ keys });

function pemKey(curve: string | null = 'prime256v1', type: 'pkcs8' | 'spki' = 'pkcs8'): string {
  const pair =
    curve === null ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: curve });
  return type === 'pkcs8'
    ? (pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
    : (pair.publicKey.export({ type: 'spki', format: 'pem' }) as string);
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function hasProblem(t: Test, problems: string[], pattern: RegExp, what: string) {
  t.ok(
    problems.some((p) => pattern.test(p)),
    what,
    { problems, pattern: String(pattern) },
  );
}

t.test('a JWK Set of P-256 private keys: first signs, all are published', async (t) => {
  const a = await ecJwk('2025-11');
  const b = { ...(await ecJwk('2025-05')), alg: 'ES256', use: 'sig' };
  const text = jwkSet(a, b);
  t.same(checkSigningKeys(text), []);

  const keys = await parseSigningKeys(text);
  t.same(keys.map((k) => k.kid), ['2025-11', '2025-05']);
  t.same(keys[0]?.publicJwk, { kty: 'EC', crv: 'P-256', x: a.x, y: a.y, kid: '2025-11', alg: 'ES256', use: 'sig' });

  const ring = createKeyRing(keys);
  t.equal(ring.signingKid, '2025-11');
  t.same(ring.kids, ['2025-11', '2025-05']);
  const published = ring.jwks();
  t.same(published.keys.map((k) => k.kid), ['2025-11', '2025-05']);
  t.notOk(JSON.stringify(published).includes('"d"'), 'no private part is published');

  const token = await ring.sign({ sub: 'x' });
  const { payload, protectedHeader } = await jwtVerify(token, createPublicKey({ key: a as never, format: 'jwk' }));
  t.equal(payload.sub, 'x');
  t.same(protectedHeader, { alg: 'ES256', kid: '2025-11', typ: 'JWT' });
});

t.test('PEM form: kid:<base64 of PKCS#8 PEM>, comma-separated; raw PEM also accepted', async (t) => {
  const first = pemKey();
  const second = pemKey();
  const text = ` key-1:${b64(first)} ,\n key-2:${second}\n,`;
  t.same(checkSigningKeys(text), []);

  const keys = await parseSigningKeys(text);
  t.same(keys.map((k) => k.kid), ['key-1', 'key-2']);
  const expected = createPublicKey(first).export({ format: 'jwk' });
  t.equal(keys[0]?.publicJwk.x, expected.x, 'the public key is the PEM key');
  t.equal(keys[0]?.publicJwk.y, expected.y);

  const token = await createKeyRing(keys).sign({ sub: 'y' });
  const { payload } = await jwtVerify(token, createPublicKey(first), { algorithms: ['ES256'] });
  t.equal(payload.sub, 'y');
});

t.test('keys that are not ES256 / P-256 are refused', async (t) => {
  const rsa = await ecJwk('rsa', 'RS256');
  const p384 = await ecJwk('p384', 'ES384');
  const wrongAlg = { ...(await ecJwk('wrong-alg')), alg: 'RS256' };
  const encryption = { ...(await ecJwk('enc')), use: 'enc' };
  const problems = checkSigningKeys(jwkSet(rsa, p384, wrongAlg, encryption));
  hasProblem(t, problems, /key 1 \(kid "rsa"\) must be an EC P-256 key for ES256, not kty "RSA"/, 'RSA JWK');
  hasProblem(t, problems, /key 2 \(kid "p384"\) must be an EC P-256 key .*crv "P-384"/, 'P-384 JWK');
  hasProblem(t, problems, /kid "wrong-alg"\) has alg "RS256": only ES256/, 'alg other than ES256');
  hasProblem(t, problems, /kid "enc"\) has use "enc"/, 'use other than sig');
  t.equal(problems.length, 4);

  const pem = checkSigningKeys(`p384:${b64(pemKey('secp384r1'))},ed:${b64(pemKey(null))}`);
  hasProblem(t, pem, /key 1 \(kid "p384"\) must be an EC P-256 key for ES256, not an EC secp384r1 key/, 'P-384 PEM');
  hasProblem(t, pem, /key 2 \(kid "ed"\) must be an EC P-256 key for ES256, not a ed25519 key/, 'Ed25519 PEM');
});

t.test('a missing kid is refused', async (t) => {
  const problems = checkSigningKeys(jwkSet(await ecJwk(), { ...(await ecJwk()), kid: '' }, await ecJwk('ok')));
  t.same(problems, ['key 1 has no kid', 'key 2 has no kid']);

  const pem = checkSigningKeys(`${b64(pemKey())},:${b64(pemKey())}`);
  t.same(pem, ['key 1 has no kid (expected kid:<base64 of PEM>)', 'key 2 has no kid (expected kid:<base64 of PEM>)']);

  const spaced = checkSigningKeys(jwkSet({ ...(await ecJwk()), kid: 'two words' }));
  hasProblem(t, spaced, /key 1 has an unusable kid/, 'a kid with spaces');
});

t.test('a duplicate kid is refused', async (t) => {
  const problems = checkSigningKeys(jwkSet(await ecJwk('same'), await ecJwk('other'), await ecJwk('same')));
  t.same(problems, ['uses kid "same" for more than one key (keys 1, 3)']);

  const pem = checkSigningKeys(`k:${b64(pemKey())},k:${b64(pemKey())}`);
  t.same(pem, ['uses kid "k" for more than one key (keys 1, 2)']);
  await t.rejects(parseSigningKeys(`k:${b64(pemKey())},k:${b64(pemKey())}`), /more than one key/);
});

t.test('a public key given instead of the private key is refused', async (t) => {
  const { d: _d, ...publicOnly } = await ecJwk('pub');
  const problems = checkSigningKeys(jwkSet(publicOnly));
  t.same(problems, ['key 1 (kid "pub") is a public key: give the private key (with "d") to sign']);

  const pem = checkSigningKeys(`pub:${b64(pemKey('prime256v1', 'spki'))}`);
  t.same(pem, ['key 1 (kid "pub") is a public key: give the private key (PKCS#8) to sign']);
  const raw = checkSigningKeys(`pub:${pemKey('prime256v1', 'spki')}`);
  t.same(raw, pem, 'raw PEM too');
});

t.test('malformed values are named, without repeating key material', async (t) => {
  t.same(checkSigningKeys(''), ['is empty']);
  t.same(checkSigningKeys('  \n'), ['is empty']);
  t.same(checkSigningKeys('{"keys": [ {"d": "c2VjcmV0LXN0dWZm"'), ['is not valid JSON (expected a JWK Set: {"keys":[…]})']);
  t.same(checkSigningKeys('{"kty":"EC"}'), ['must be a JWK Set: {"keys":[…]}']);
  t.same(checkSigningKeys('{"keys":[]}'), ['holds no key']);
  t.same(checkSigningKeys('{"keys":["x"]}'), ['key 1 is not a JSON object']);
  t.same(checkSigningKeys('k1:not base64 at all!'), ['key 1 (kid "k1") is not a PEM key nor the base64 of one']);
  t.same(checkSigningKeys(`k1:${b64('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')}`), [
    'key 1 (kid "k1") is not a readable PKCS#8 private key',
  ]);

  const a = await ecJwk('a');
  const b = await ecJwk('b');
  const mixed = { ...a, d: b.d };
  const problems = checkSigningKeys(jwkSet(mixed));
  t.same(problems, ['key 1 (kid "a") has a public part (x, y) that does not belong to its private part (d)']);
  t.notOk(problems.join(' ').includes(String(b.d)), 'the private part is not repeated');

  const bad = { ...a, d: 'AAAA' };
  t.same(checkSigningKeys(jwkSet(bad)), ['key 1 (kid "a") is not a valid EC P-256 private key']);

  const rejection = await parseSigningKeys(jwkSet(await ecJwk(), mixed)).catch((err: Error) => err);
  t.type(rejection, Error);
  t.match((rejection as Error).message, /key 1 has no kid; key 2 \(kid "a"\) has a public part/, 'every problem at once');
  t.notOk((rejection as Error).message.includes(String(b.d)));
});

t.test('a key ring refuses to be empty or to hold one kid twice', async (t) => {
  t.throws(() => createKeyRing([]), /at least one/);
  const [key] = await parseSigningKeys(jwkSet(await ecJwk('k')));
  if (!key) throw new Error('no key');
  t.throws(() => createKeyRing([key, key]), /share kid "k"/);
});

t.test('a private key whose x and y belong to another key is refused at start, not published', async (t) => {
  const [one, other] = [await ecJwk('mixed'), await ecJwk()];
  await t.rejects(parseSigningKeys(jwkSet({ ...one, x: other.x, y: other.y })), /key 1 \(kid "mixed"\) has a public part \(x, y\) that does not belong to its private part \(d\)/);
  t.ok(await parseSigningKeys(jwkSet(one)), 'the key as generated loads');
});
