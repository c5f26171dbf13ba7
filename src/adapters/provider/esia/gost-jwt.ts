// ESIA's tokens are JWS compact serializations signed with GOST R 34.10-2012, an
// algorithm jose does not know, so the JWS is checked here by hand — only the
// framing: the signature itself is the signer port's. The algorithm is pinned
// (never taken from the token), `crit` is refused, and the signature is verified
// over the exact `header.payload` bytes received before the payload is read.
//
// ESIA's signature is s‖r with each half big-endian — the OpenSSL engine's layout:
// a GOST token from ESIA's test environment (published with ekapusta/oauth2-esia)
// verifies as is with `openssl dgst -md_gost12_256` against ESIA's test certificate
// and fails byte-reversed (docs/esia.md).
import type { GostSigner } from '../../../ports/signer.js';
import { ProviderCheckFailed } from '../provider-failures.js';

export interface VerifiedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new ProviderCheckFailed('id_token_malformed', `the ${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProviderCheckFailed('id_token_malformed', `the ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** The token's header and claims once its signature by one of `certificates` is verified; ProviderCheckFailed otherwise. */
export async function verifyGostJwt(
  token: string,
  alg: string,
  certificates: readonly Uint8Array[],
  verifier: Pick<GostSigner, 'verify'>,
): Promise<VerifiedJwt> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) {
    throw new ProviderCheckFailed('id_token_malformed', 'the ID token is not a compact JWS');
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'JWS header');
  if (header.alg !== alg) throw new ProviderCheckFailed('id_token_alg_not_allowed', 'the ID token alg is not the pinned one');
  if (header.crit !== undefined) throw new ProviderCheckFailed('id_token_malformed', 'the ID token has a crit header');
  const signature = Buffer.from(signaturePart, 'base64url');
  const signed = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  let valid = false;
  for (const certificate of certificates) {
    if (await verifier.verify(signed, signature, certificate)) {
      valid = true;
      break;
    }
  }
  if (!valid) throw new ProviderCheckFailed('id_token_signature_invalid', 'the ID token signature does not verify with ESIA’s certificate');
  return { header, claims: decodeJson(payloadPart, 'JWS payload') };
}

/** A GOST-signed JWS (the sandbox issues its tokens with it). */
export async function signGostJwt(header: Record<string, unknown>, claims: Record<string, unknown>, signer: Pick<GostSigner, 'sign'>): Promise<string> {
  const encode = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const signature = await signer.sign(Buffer.from(input, 'ascii'));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}
