// The sandbox's authorization codes (single use, short-lived, bound to the client
// and redirect_uri) and the GOST-signed tokens it issues for them, shaped like
// ESIA's: ID token with urn:esia:sbj, access token with urn:esia:sbj_id.
import { randomBytes, randomUUID } from 'node:crypto';
import { ESIA_TOKEN_ALG } from '../../adapters/provider/esia/esia-options.js';
import { signGostJwt } from '../../adapters/provider/esia/gost-jwt.js';
import type { GostSigner } from '../../ports/signer.js';
import { accountLevel, findPersonaByOid } from '../personas.js';

const CODE_TTL_MS = 5 * 60_000;
const TOKEN_TTL_S = 3600;

interface Grant {
  clientId: string;
  redirectUri: string;
  oid: string;
  scope: string;
  expiresAt: number;
}

export interface IssuedTokens {
  access_token: string;
  id_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
}

/** Signs the ID token's claims; tests replace it to issue forged or foreign tokens. */
export type IdTokenSigner = (claims: Record<string, unknown>) => Promise<string>;

export function esiaTokens(options: { issuer: string; signer: Pick<GostSigner, 'sign'>; now: () => Date; idTokenSigner?: IdTokenSigner }) {
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, { oid: string; expiresAt: number }>();
  const header = (sbt: string) => ({ ver: 1, typ: 'JWT', sbt, alg: ESIA_TOKEN_ALG });
  const signId: IdTokenSigner = options.idTokenSigner ?? ((claims) => signGostJwt(header('id'), claims, options.signer));

  return {
    issueCode(grant: Omit<Grant, 'expiresAt'>): string {
      const code = randomBytes(32).toString('base64url');
      grants.set(code, { ...grant, expiresAt: options.now().getTime() + CODE_TTL_MS });
      return code;
    },
    /** The grant of a code, consumed: a second use finds nothing. */
    takeCode(code: string, clientId: string, redirectUri: string): Grant | undefined {
      const grant = grants.get(code);
      grants.delete(code);
      if (!grant || grant.clientId !== clientId || grant.redirectUri !== redirectUri || grant.expiresAt < options.now().getTime()) return undefined;
      return grant;
    },
    async issueTokens(grant: Grant): Promise<IssuedTokens> {
      const persona = findPersonaByOid(grant.oid);
      const now = Math.floor(options.now().getTime() / 1000);
      const times = { nbf: now, iat: now, exp: now + TOKEN_TTL_S };
      const subject = {
        'urn:esia:sbj:typ': 'P',
        'urn:esia:sbj:oid': Number(grant.oid),
        'urn:esia:sbj:nam': `OID.${grant.oid}`,
        ...(persona ? { 'urn:esia:sbj:lvl': accountLevel(persona) } : {}),
        ...(persona?.confirmed ? { 'urn:esia:sbj:is_tru': true } : {}),
      };
      const id_token = await signId({
        ...times,
        iss: options.issuer,
        aud: grant.clientId,
        sub: Number(grant.oid),
        auth_time: now,
        amr: 'PWD',
        'urn:esia:amd': 'PWD',
        'urn:esia:sid': randomUUID(),
        'urn:esia:sbj': subject,
      });
      const access_token = await signGostJwt(
        header('access'),
        { ...times, iss: options.issuer, client_id: grant.clientId, scope: grant.scope, 'urn:esia:sbj_id': Number(grant.oid), 'urn:esia:sid': randomUUID() },
        options.signer,
      );
      accessTokens.set(access_token, { oid: grant.oid, expiresAt: (now + TOKEN_TTL_S) * 1000 });
      return { access_token, id_token, token_type: 'Bearer', expires_in: TOKEN_TTL_S, refresh_token: randomUUID() };
    },
    /** The oid an access token was issued for, while it is valid. */
    async accountOf(accessToken: string): Promise<string | undefined> {
      const known = accessTokens.get(accessToken);
      return known && known.expiresAt > options.now().getTime() ? known.oid : undefined;
    },
  };
}
