import { decodeProtectedHeader, errors, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import t from 'tap';
import { issueAssertion, verifyAssertion, type AssertionProfile } from '../../../src/adapters/keys/assertion.js';
import { createKeyRing, type KeyRing } from '../../../src/adapters/keys/key-ring.js';
import { parseSigningKeys } from '../../../src/adapters/keys/signing-key-config.js';
import type { SigningKey } from '../../../src/adapters/keys/signing-key.js';

const ISSUER = 'https://id.example.test';
const AUDIENCE = 'vk-id';
const NOW = new Date('2026-03-01T09:00:00.250Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

async function key(kid: string): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const [parsed] = await parseSigningKeys(JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid }] }));
  if (!parsed) throw new Error('no key');
  return parsed;
}

const adult: AssertionProfile = {
  id: '7b0b4a52-9f1e-4f4e-9d55-0c1f4a0f0c11',
  familyName: 'Проверкина',
  givenName: 'Вера',
  middleName: 'Ивановна',
  birthdate: '1990-02-28',
  gender: 'female',
  phone: '+79990009901',
  email: null,
};

const child: AssertionProfile = {
  id: 'c3c9a0de-5a43-4b4e-8f43-2b7d7b1f0a22',
  familyName: 'Проверкин',
  givenName: 'Пётр',
  middleName: null,
  birthdate: '2015-06-01',
  gender: 'male',
  phone: null,
  email: 'parent@example.test',
};

const verifyOptions = { issuer: ISSUER, audience: AUDIENCE, now: NOW };

// What the provider said about the adult: her profile was registered with another e-mail.
const verifiedAdult = {
  provider: 'https://esia.example',
  subject: 'oid-1000',
  familyName: 'Проверкина',
  givenName: 'Вера',
  middleName: 'Ивановна',
  birthdate: '1990-02-28',
  gender: 'female' as const,
  phone: '+79990009901',
  email: 'vera@example.test',
};
const verifiedChild = { ...verifiedAdult, subject: 'oid-2000', familyName: 'Проверкин', givenName: 'Пётр', middleName: null, birthdate: '2015-06-01', gender: 'male' as const, phone: null, email: null };

function issue(ring: KeyRing, profile = adult, extra: { now?: Date; audience?: string } = {}) {
  return issueAssertion(ring, {
    issuer: ISSUER,
    audience: extra.audience ?? AUDIENCE,
    profile,
    verified: verifiedAdult,
    amr: ['esia', 'otp'],
    ageGroup: 'adult',
    now: extra.now ?? NOW,
  });
}

const current = createKeyRing([await key('current')]);

t.test('an assertion verifies with the published JWKS and carries exactly the agreed claims', async (t) => {
  const token = await issue(current);
  t.same(decodeProtectedHeader(token), { alg: 'ES256', kid: 'current', typ: 'JWT' });

  const claims = await verifyAssertion(token, current.jwks(), verifyOptions);
  t.match(claims.jti, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'jti is a random UUID');
  t.strictSame(claims, {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: adult.id,
    iat: NOW_SECONDS,
    exp: NOW_SECONDS + 300,
    jti: claims.jti,
    amr: ['esia', 'otp'],
    age_group: 'adult',
    verified: {
      provider: 'https://esia.example',
      subject: 'oid-1000',
      family_name: 'Проверкина',
      given_name: 'Вера',
      middle_name: 'Ивановна',
      birthdate: '1990-02-28',
      gender: 'female',
      phone_number: '+79990009901',
      email: 'vera@example.test',
    },
    profile: {
      family_name: 'Проверкина',
      given_name: 'Вера',
      middle_name: 'Ивановна',
      birthdate: '1990-02-28',
      gender: 'female',
      phone_number: '+79990009901',
    },
  });
  t.equal(claims.exp - claims.iat, 300);

  const another = await verifyAssertion(await issue(current), current.jwks(), verifyOptions);
  t.not(another.jti, claims.jti, 'each assertion has its own jti');
});

t.test('absent middle name and phone are left out; e-mail, amr and age group as given', async (t) => {
  const token = await issueAssertion(current, {
    issuer: ISSUER,
    audience: AUDIENCE,
    profile: child,
    verified: verifiedChild,
    amr: ['esia'],
    ageGroup: 'minor_under_14',
    now: NOW,
    ttlSeconds: 120,
  });
  const claims = await verifyAssertion(token, current.jwks(), verifyOptions);
  t.strictSame(claims, {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: child.id,
    iat: NOW_SECONDS,
    exp: NOW_SECONDS + 120,
    jti: claims.jti,
    amr: ['esia'],
    age_group: 'minor_under_14',
    verified: { provider: 'https://esia.example', subject: 'oid-2000', family_name: 'Проверкин', given_name: 'Пётр', birthdate: '2015-06-01', gender: 'male' },
    profile: { family_name: 'Проверкин', given_name: 'Пётр', birthdate: '2015-06-01', gender: 'male', email: 'parent@example.test' },
  });
});

t.test('a token signed by another key is refused', async (t) => {
  const token = await issue(current);
  const impostor = createKeyRing([await key('current')]);
  await t.rejects(verifyAssertion(await issue(impostor), current.jwks(), verifyOptions), errors.JWSSignatureVerificationFailed, 'same kid, other key');

  const stranger = createKeyRing([await key('stranger')]);
  await t.rejects(verifyAssertion(await issue(stranger), current.jwks(), verifyOptions), errors.JWKSNoMatchingKey, 'unknown kid');

  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(String(payload), 'base64url').toString('utf8')) as Record<string, unknown>;
  const altered = Buffer.from(JSON.stringify({ ...claims, sub: child.id })).toString('base64url');
  await t.rejects(
    verifyAssertion(`${header}.${altered}.${signature}`, current.jwks(), verifyOptions),
    errors.JWSSignatureVerificationFailed,
    'claims changed after signing',
  );

  const hmac = await new SignJWT({ sub: adult.id, amr: ['esia'], age_group: 'adult', jti: 'x' })
    .setProtectedHeader({ alg: 'HS256', kid: 'current', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(NOW)
    .setExpirationTime(NOW_SECONDS + 300)
    .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
  await t.rejects(verifyAssertion(hmac, current.jwks(), verifyOptions), errors.JOSEAlgNotAllowed, 'HS256 is not ES256');
});

t.test('a wrong audience or issuer, or an expired assertion, is refused', async (t) => {
  const token = await issue(current, adult, { audience: 'another-client' });
  await t.rejects(verifyAssertion(token, current.jwks(), verifyOptions), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' });

  const ours = await issue(current);
  await t.rejects(verifyAssertion(ours, current.jwks(), { ...verifyOptions, issuer: 'https://elsewhere.test' }), {
    code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    claim: 'iss',
  });

  const later = new Date(NOW.getTime() + 301_000);
  await t.rejects(verifyAssertion(ours, current.jwks(), { ...verifyOptions, now: later }), errors.JWTExpired);
  const justInTime = new Date(NOW.getTime() + 299_000);
  await t.resolves(verifyAssertion(ours, current.jwks(), { ...verifyOptions, now: justInTime }), 'valid until exp');
});

t.test('rotation: [new, old] signs with new; assertions made with old still verify', async (t) => {
  const oldKey = await key('2025-05');
  const newKey = await key('2025-11');
  const before = createKeyRing([oldKey]);
  const earlier = await issue(before, adult, { now: new Date(NOW.getTime() - 60_000) });

  // Step 1: the new key is published, the old one still signs.
  const publishing = createKeyRing([oldKey, newKey]);
  t.equal(decodeProtectedHeader(await issue(publishing)).kid, '2025-05');

  // Step 2: the new key moves to first place.
  const rotated = createKeyRing([newKey, oldKey]);
  const later = await issue(rotated);
  t.equal(decodeProtectedHeader(later).kid, '2025-11', 'the first key signs');
  const jwks = rotated.jwks();
  t.same(
    jwks.keys.map((k) => k.kid),
    ['2025-11', '2025-05'],
    'both keys are published',
  );
  t.notOk(jwks.keys.some((k) => 'd' in k), 'without private parts');
  t.equal((await verifyAssertion(later, jwks, verifyOptions)).sub, adult.id);
  t.equal((await verifyAssertion(earlier, jwks, verifyOptions)).sub, adult.id, 'the earlier assertion still verifies');

  // Step 3: once the old key is removed, its assertions no longer verify.
  const after = createKeyRing([newKey]);
  await t.rejects(verifyAssertion(earlier, after.jwks(), verifyOptions), errors.JWKSNoMatchingKey);
});

t.test('a verifier needs nothing but the JSON of /.well-known/jwks.json', async (t) => {
  const published = JSON.parse(JSON.stringify(current.jwks())) as { keys: JWK[] };
  const claims = await verifyAssertion(await issue(current), published, verifyOptions);
  t.equal(claims.sub, adult.id);
});

t.test('unusable inputs are programming errors', async (t) => {
  const base = { issuer: ISSUER, audience: AUDIENCE, profile: adult, verified: verifiedAdult, amr: ['esia'], ageGroup: 'adult' as const, now: NOW };
  await t.rejects(issueAssertion(current, { ...base, ttlSeconds: 0 }), RangeError);
  await t.rejects(issueAssertion(current, { ...base, ttlSeconds: 1.5 }), RangeError);
  await t.rejects(issueAssertion(current, { ...base, amr: [] }), RangeError);
  await t.rejects(issueAssertion(current, { ...base, now: new Date(Number.NaN) }), RangeError);
  await t.rejects(issueAssertion(current, { ...base, profile: { ...adult, phone: null, email: null } }), RangeError);
});
