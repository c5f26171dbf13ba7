// What the ESIA dialect needs to know. ESIA publishes no discovery document: every
// URL, the issuer its tokens carry and its signing certificate come from here.
import { DEFAULT_CLAIM_MAPPING, type ClaimMapping } from '../claim-mapping.js';

/** `v2`: /aas/oauth2/v2/ac + /aas/oauth2/v3/te with a raw GOST signature; `legacy`: /ac + /te with a detached CMS. */
export type EsiaEndpoints = 'v2' | 'legacy';

export interface EsiaOptions {
  /** e.g. https://esia.gosuslugi.ru (no trailing slash). */
  baseUrl: string;
  /** `iss` of ESIA's tokens, compared exactly. */
  issuer: string;
  /** The system's mnemonic registered at ESIA. */
  clientId: string;
  scopes: string[];
  /** Registered at ESIA; signed into every request. */
  redirectUri: string;
  endpoints: EsiaEndpoints;
  /** The system's certificate (DER): its Streebog hash goes with every request, the legacy CMS embeds it. */
  clientCertificate: Uint8Array;
  /** Hex; computed from clientCertificate when null. */
  clientCertificateHash: string | null;
  /** ESIA's signing certificates (DER); a token signed by any of them passes (rotation). */
  esiaCertificates: Uint8Array[];
  /** Per HTTP request to ESIA. */
  timeoutMs: number;
  claims: ClaimMapping;
}

/** The two ESIA environments. ESIA writes `iss` with http and a trailing slash. */
export const ESIA_PRESETS = {
  production: { baseUrl: 'https://esia.gosuslugi.ru', issuer: 'http://esia.gosuslugi.ru/' },
  test: { baseUrl: 'https://esia-portal1.test.gosuslugi.ru', issuer: 'http://esia-portal1.test.gosuslugi.ru/' },
} as const;

export const ESIA_PATHS = {
  v2: { authorize: '/aas/oauth2/v2/ac', token: '/aas/oauth2/v3/te' },
  legacy: { authorize: '/aas/oauth2/ac', token: '/aas/oauth2/te' },
  person: '/rs/prns',
} as const;

/** The only JWS algorithm accepted from ESIA: GOST R 34.10-2012 with Streebog, 256-bit. */
export const ESIA_TOKEN_ALG = 'GOST3410_2012_256';

export const DEFAULT_ESIA_SCOPES: readonly string[] = Object.freeze(['openid', 'fullname', 'birthdate', 'gender', 'mobile', 'email']);

/**
 * Where the facts sit in the claims the ESIA dialect assembles (person-data.ts): the
 * OIDC-style names it fills from /rs/prns, plus the raw ESIA documents under `prns`,
 * `ctts` and `id_token`. ESIA does not document how a child's account names its
 * parent and the parent's consent: the defaults read `prns/parentalConsent` and
 * `prns/parentOid` (the sandbox's model); PROVIDER_CLAIM_MAPPING moves them.
 */
export const DEFAULT_ESIA_CLAIM_MAPPING: Readonly<ClaimMapping> = Object.freeze({
  ...DEFAULT_CLAIM_MAPPING,
  parentalConsent: 'prns/parentalConsent',
  parentSubject: 'prns/parentOid',
});
