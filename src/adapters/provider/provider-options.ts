// What the service needs to know about its OpenID Connect provider. The caller maps
// environment variables to `ProviderOptions` (resolveProviderOptions fills the
// defaults) and refuses to start when checkProviderOptions reports problems.
import { inspectClientKey } from './client-key.js';
import { checkClaimMapping, DEFAULT_CLAIM_MAPPING, resolveClaimMapping, type ClaimMapping } from './claim-mapping.js';

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
   * from discovery. `none` and HMAC (`HS*`) are refused by checkProviderOptions.
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

function urlProblems(name: string, value: string, allowHttp: boolean): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [`${name} is not a valid absolute URL`];
  }
  const problems: string[] = [];
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`${name} must be an https URL`);
  else if (url.protocol === 'http:' && !allowHttp) problems.push(`${name} must be https (plain http needs allowHttp, development only)`);
  if (url.hash !== '' || value.includes('#')) problems.push(`${name} must not have a fragment`);
  if (url.username !== '' || url.password !== '') problems.push(`${name} must not carry credentials`);
  return problems;
}

/** Everything wrong with the options, as human-readable problems (empty when usable). Never echoes secrets. */
export function checkProviderOptions(options: ProviderOptions): string[] {
  const problems: string[] = [];
  problems.push(...urlProblems('issuer', options.issuer, options.allowHttp));
  if (!problems.some((p) => p.startsWith('issuer is not')) && new URL(options.issuer).search !== '') {
    problems.push('issuer must not have a query');
  }
  if (typeof options.clientId !== 'string' || options.clientId.trim() === '') problems.push('clientId is missing');
  switch (options.clientAuth) {
    case 'client_secret_basic':
    case 'client_secret_post':
      if (typeof options.clientSecret !== 'string' || options.clientSecret === '') {
        problems.push(`clientSecret is required for ${options.clientAuth}`);
      }
      break;
    case 'private_key_jwt': {
      const key = inspectClientKey(options.clientKey, options.clientKeyId);
      if (!key.ok) problems.push(...key.problems.map((p) => `clientKey ${p}`));
      break;
    }
    default:
      problems.push('clientAuth must be client_secret_basic, client_secret_post or private_key_jwt');
  }
  problems.push(...checkIdTokenAlgs(options.idTokenAlgs));
  if (!Array.isArray(options.scopes) || !options.scopes.includes('openid')) problems.push('scopes must include openid');
  else if (options.scopes.some((s) => typeof s !== 'string' || s === '' || /\s/.test(s))) {
    problems.push('scopes must be non-empty words without spaces');
  }
  problems.push(...urlProblems('redirectUri', options.redirectUri, options.allowHttp));
  if (!Number.isSafeInteger(options.timeoutMs) || options.timeoutMs < 1 || options.timeoutMs > 300_000) {
    problems.push('timeoutMs must be an integer between 1 and 300000');
  }
  if (typeof options.claims !== 'object' || options.claims === null) problems.push('claims mapping is missing');
  else problems.push(...checkClaimMapping(options.claims, { complete: true }));
  return problems;
}
