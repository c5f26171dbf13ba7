// The claims of ESIA's ID token, checked as strictly as the oidc dialect checks its
// own (id-token-checks.ts): iss equal to the configured issuer; aud our client_id (a
// list with others needs azp = client_id); exp in the future, nbf and iat not in the
// future, iat at most 10 minutes old (30 s clock tolerance each); the subject block
// `urn:esia:sbj` with the person's oid, and `sub` (when present) the same oid.
import { ProviderCheckFailed } from '../provider-failures.js';

export interface EsiaClaimContext {
  issuer: string;
  clientId: string;
  nowSeconds: number;
  toleranceSeconds: number;
  maxAgeSeconds: number;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function oidText(value: unknown): string | null {
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
}

function checkAudience(claims: Record<string, unknown>, clientId: string): void {
  const { aud, azp } = claims;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(clientId)) throw new ProviderCheckFailed('id_token_aud_mismatch', 'the ID token is not for this client');
  if ((audiences.length > 1 || azp !== undefined) && azp !== clientId) {
    throw new ProviderCheckFailed('id_token_azp_mismatch', 'the ID token azp is not this client');
  }
}

function checkTimes(claims: Record<string, unknown>, ctx: EsiaClaimContext): void {
  const { exp, nbf, iat } = claims;
  const now = ctx.nowSeconds;
  const tolerance = ctx.toleranceSeconds;
  if (!isNumber(exp) || exp <= now - tolerance) throw new ProviderCheckFailed('id_token_expired', 'the ID token exp is missing or past');
  if (nbf !== undefined && (!isNumber(nbf) || nbf > now + tolerance)) {
    throw new ProviderCheckFailed('id_token_not_yet_valid', 'the ID token nbf is in the future');
  }
  if (!isNumber(iat) || iat > now + tolerance) throw new ProviderCheckFailed('id_token_iat_invalid', 'the ID token iat is missing or in the future');
  if (iat < now - ctx.maxAgeSeconds - tolerance) throw new ProviderCheckFailed('id_token_too_old', 'the ID token iat is too far in the past');
}

/** The person's oid (decimal text) when every check passes; ProviderCheckFailed otherwise. */
export function checkEsiaIdTokenClaims(claims: Record<string, unknown>, ctx: EsiaClaimContext): string {
  if (claims.iss !== ctx.issuer) throw new ProviderCheckFailed('id_token_iss_mismatch', 'the ID token iss is not the configured ESIA');
  checkAudience(claims, ctx.clientId);
  checkTimes(claims, ctx);
  const subject = claims['urn:esia:sbj'];
  const oid = typeof subject === 'object' && subject !== null ? oidText((subject as Record<string, unknown>)['urn:esia:sbj:oid']) : null;
  if (oid === null) throw new ProviderCheckFailed('id_token_sub_invalid', 'the ID token has no urn:esia:sbj:oid');
  if (claims.sub !== undefined && oidText(claims.sub) !== oid) {
    throw new ProviderCheckFailed('id_token_sub_invalid', 'the ID token sub is not the subject’s oid');
  }
  return oid;
}
