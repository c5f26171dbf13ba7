// The private key for `private_key_jwt` client authentication.
//
// `ProviderOptions.clientKey` is ONE string in either form:
//   - a PEM PKCS#8 private key: "-----BEGIN PRIVATE KEY-----…" (not encrypted; PKCS#1
//     "BEGIN RSA PRIVATE KEY" and SEC1 "BEGIN EC PRIVATE KEY" are refused — convert
//     with `openssl pkcs8 -topk8 -nocrypt`);
//   - a private JWK as JSON: '{"kty":"RSA","d":…,"kid":"…","alg":"PS256"}'.
// Supported keys: RSA (≥ 2048 bits), EC P-256/P-384/P-521, Ed25519. The assertion's
// `alg` is the JWK's `alg` when given, else RS256 for RSA, ES256/ES384/ES512 by curve
// for EC and Ed25519 for Ed25519 (use the JWK form to sign RSA keys with PS256).
// The assertion's `kid` is `ProviderOptions.clientKeyId` when set, else the JWK's
// `kid`, else none (the provider then tries each key registered for the client).
import { createPrivateKey, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import { importJWK, importPKCS8, type JWK } from 'jose';
import type { CryptoKey } from 'openid-client';

export interface ClientKeyInfo {
  format: 'pem' | 'jwk';
  alg: string;
  kid?: string;
}

export type ClientKeyResult = { ok: true; info: ClientKeyInfo } | { ok: false; problems: string[] };

const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_ALG_BY_CURVE: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };

function algFor(key: KeyObject, jwkAlg: unknown): string | string[] {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    if ((details.modulusLength ?? 0) < 2048) return ['an RSA key must have at least 2048 bits'];
    if (jwkAlg === undefined) return 'RS256';
    return RSA_ALGS.includes(jwkAlg as string) ? (jwkAlg as string) : [`alg ${String(jwkAlg)} does not fit an RSA key`];
  }
  if (type === 'ec') {
    const alg = EC_ALG_BY_CURVE[details.namedCurve ?? ''];
    if (!alg) return [`EC curve ${details.namedCurve ?? '?'} is not supported (P-256, P-384, P-521)`];
    if (jwkAlg === undefined || jwkAlg === alg) return alg;
    return [`alg ${String(jwkAlg)} does not fit an EC ${details.namedCurve} key (expected ${alg})`];
  }
  if (type === 'ed25519') {
    if (jwkAlg === undefined || jwkAlg === 'Ed25519' || jwkAlg === 'EdDSA') return 'Ed25519';
    return [`alg ${String(jwkAlg)} does not fit an Ed25519 key`];
  }
  return [`key type ${type ?? '?'} is not supported (RSA, EC, Ed25519)`];
}

function parse(text: string): { key: KeyObject; format: 'pem' | 'jwk'; jwk?: JWK } | { problems: string[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    if (!trimmed.startsWith('-----BEGIN PRIVATE KEY-----')) {
      return { problems: ['the PEM must be an unencrypted PKCS#8 private key ("BEGIN PRIVATE KEY")'] };
    }
    try {
      return { key: createPrivateKey({ key: trimmed, format: 'pem' }), format: 'pem' };
    } catch {
      return { problems: ['the PEM private key cannot be read'] };
    }
  }
  if (trimmed.startsWith('{')) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(trimmed) as JWK;
    } catch {
      return { problems: ['the JWK is not valid JSON'] };
    }
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.kty !== 'string') {
      return { problems: ['the JWK has no "kty"'] };
    }
    if (typeof jwk.d !== 'string') return { problems: ['the JWK is not a private key (no "d")'] };
    try {
      return { key: createPrivateKey({ key: jwk as NodeJwk, format: 'jwk' }), format: 'jwk', jwk };
    } catch {
      return { problems: ['the JWK private key cannot be read'] };
    }
  }
  return { problems: ['must be a PEM PKCS#8 private key or a private JWK as JSON'] };
}

/** Checks a clientKey string without importing it; problems never contain key material. */
export function inspectClientKey(text: string | undefined, kid?: string): ClientKeyResult {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, problems: ['is missing'] };
  const parsed = parse(text);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const alg = algFor(parsed.key, parsed.jwk?.alg);
  if (Array.isArray(alg)) return { ok: false, problems: alg };
  const keyId = kid ?? (typeof parsed.jwk?.kid === 'string' ? parsed.jwk.kid : undefined);
  return { ok: true, info: { format: parsed.format, alg, ...(keyId === undefined ? {} : { kid: keyId }) } };
}

/** The WebCrypto key and kid for openid-client's PrivateKeyJwt. */
export async function importClientKey(text: string, kid?: string): Promise<{ key: CryptoKey; kid?: string; alg: string }> {
  const inspected = inspectClientKey(text, kid);
  if (!inspected.ok) throw new TypeError(`clientKey ${inspected.problems.join('; ')}`);
  const { info } = inspected;
  const key =
    info.format === 'pem'
      ? await importPKCS8(text.trim(), info.alg)
      : await (async () => {
          const jwk = JSON.parse(text.trim()) as JWK;
          // WebCrypto compares a JWK's own "alg" with the import algorithm, so keep it.
          return importJWK(jwk, typeof jwk.alg === 'string' ? jwk.alg : info.alg);
        })();
  if (key instanceof Uint8Array) throw new TypeError('clientKey must be an asymmetric private key');
  return { key, alg: info.alg, ...(info.kid === undefined ? {} : { kid: info.kid }) };
}
