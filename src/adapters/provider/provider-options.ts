// What the service needs to know about its OpenID Connect provider. The options
// arrive checked: the configuration (src/config) is the one place that validates
// settings, with the checks it borrows from here (the pinned algorithms) and from
// client-key.ts and claim-mapping.ts; resolveProviderOptions fills the defaults.
import { DEFAULT_CLAIM_MAPPING, resolveClaimMapping, type ClaimMapping } from './claim-mapping.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface ProviderOptions {
  /** The issuer identifier; discovery is read from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** For client_secret_basic and client_secret_post. */
  clientSecret?: string;
  clientAuth: ClientAuthMethod;
  /**
   * For private_key_jwt: a PEM PKCS#8 private key ("-----BEGIN PRIVATE KEY-----") or a
   * private JWK as a JSON string. See client-key.ts for key types and how `alg` is chosen.
   */
  clientKey?: string;
  /** `kid` of the client assertion; default: the JWK's `kid`, none for a PEM. */
  clientKeyId?: string;
  /**
   * ID token (and signed userinfo) algorithms accepted, pinned here and never taken
   * from discovery. `none` and HMAC (`HS*`) are refused by checkIdTokenAlgs.
   */
  idTokenAlgs: string[];
  /** Must contain `openid`. */
  scopes: string[];
  /** The bridge's callback URL, from configuration — never built from a Host header. */
  redirectUri: string;
  /** Per HTTP request to the provider (discovery, JWKS, token, userinfo). */
  timeoutMs: number;
  /** Allow plain-http issuer and endpoints (development only). */
  allowHttp: boolean;
  claims: ClaimMapping;
}

export const DEFAULT_ID_TOKEN_ALGS: readonly string[] = Object.freeze(['RS256', 'ES256']);
export const DEFAULT_SCOPES: readonly string[] = Object.freeze(['openid', 'profile', 'email', 'phone', 'esia']);
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Asymmetric JWS algorithms openid-client can verify ID tokens with. */
export const SUPPORTED_ID_TOKEN_ALGS: readonly string[] = Object.freeze([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'Ed25519',
  'EdDSA',
]);

export type ProviderOptionsInput = Pick<ProviderOptions, 'issuer' | 'clientId' | 'clientAuth' | 'redirectUri'> &
  Partial<Omit<ProviderOptions, 'issuer' | 'clientId' | 'clientAuth' | 'redirectUri' | 'claims'>> & {
    claims?: Partial<ClaimMapping>;
  };

/** Fills the defaults: algs RS256+ES256, scopes openid profile email phone esia, 10 s, https only, ESIA claims. */
export function resolveProviderOptions(input: ProviderOptionsInput): ProviderOptions {
  return {
    ...input,
    idTokenAlgs: input.idTokenAlgs ?? [...DEFAULT_ID_TOKEN_ALGS],
    scopes: input.scopes ?? [...DEFAULT_SCOPES],
    timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    allowHttp: input.allowHttp ?? false,
    claims: input.claims ? resolveClaimMapping(input.claims) : { ...DEFAULT_CLAIM_MAPPING },
  };
}

/** Problems with a pinned ID token algorithm list; `none` and HMAC are never accepted. */
export function checkIdTokenAlgs(algs: readonly string[]): string[] {
  if (!Array.isArray(algs) || algs.length === 0) return ['idTokenAlgs must list at least one algorithm'];
  const problems: string[] = [];
  for (const alg of algs) {
    if (typeof alg !== 'string' || alg.trim() === '') {
      problems.push('idTokenAlgs has an empty entry');
    } else if (alg.toLowerCase() === 'none') {
      problems.push('idTokenAlgs must not contain "none": unsigned ID tokens are never accepted');
    } else if (/^HS\d+$/i.test(alg)) {
      problems.push(`idTokenAlgs must not contain ${alg}: only asymmetric signatures are accepted`);
    } else if (!SUPPORTED_ID_TOKEN_ALGS.includes(alg)) {
      problems.push(`idTokenAlgs has an unsupported algorithm ${alg} (supported: ${SUPPORTED_ID_TOKEN_ALGS.join(', ')})`);
    }
  }
  return problems;
}
