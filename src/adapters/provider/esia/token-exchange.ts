// The token request: POST form-encoded to v3/te (legacy: te) with the code, a fresh
// state and timestamp and their signature. The answer must carry access_token,
// id_token and the same state; token_type, when given, Bearer.
import { randomUUID } from 'node:crypto';
import type { GostSigner } from '../../../ports/signer.js';
import { ProviderCheckFailed } from '../provider-failures.js';
import { esiaJson, type EsiaHttp } from './esia-http.js';
import { ESIA_PATHS, type EsiaOptions } from './esia-options.js';
import { clientSecret, esiaTimestamp } from './request-signature.js';

export interface TokenContext {
  options: EsiaOptions;
  signer: GostSigner;
  http: EsiaHttp;
  now: () => Date;
  certificateHash: () => Promise<string>;
}

export interface EsiaTokens {
  accessToken: string;
  idToken: string;
}

/** The signed form; signing failures (SignerUnavailable) propagate. */
export async function tokenRequestBody(ctx: TokenContext, code: string): Promise<{ body: URLSearchParams; state: string }> {
  const { options } = ctx;
  const now = ctx.now();
  const fields = {
    clientId: options.clientId,
    scope: options.scopes.join(' '),
    timestamp: esiaTimestamp(now),
    state: randomUUID(),
    redirectUri: options.redirectUri,
    code,
  };
  const body = new URLSearchParams({
    client_id: fields.clientId,
    code,
    grant_type: 'authorization_code',
    client_secret: await clientSecret(ctx.signer, options.endpoints, fields, options.clientCertificate, now),
    state: fields.state,
    redirect_uri: fields.redirectUri,
    scope: fields.scope,
    timestamp: fields.timestamp,
    token_type: 'Bearer',
  });
  if (options.endpoints === 'v2') body.set('client_certificate_hash', await ctx.certificateHash());
  return { body, state: fields.state };
}

export async function requestTokens(ctx: TokenContext, body: URLSearchParams, state: string): Promise<EsiaTokens> {
  const url = `${ctx.options.baseUrl}${ESIA_PATHS[ctx.options.endpoints].token}`;
  const json = await esiaJson(ctx.http, 'token', url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  if (json.state !== state) throw new ProviderCheckFailed('token_state_mismatch', 'the token response state is not the request’s');
  if (typeof json.access_token !== 'string' || json.access_token === '') throw new ProviderCheckFailed('access_token_missing');
  if (typeof json.id_token !== 'string' || json.id_token === '') throw new ProviderCheckFailed('id_token_missing');
  if (json.token_type !== undefined && String(json.token_type).toLowerCase() !== 'bearer') {
    throw new ProviderCheckFailed('token_type_invalid', 'the token type is not Bearer');
  }
  return { accessToken: json.access_token, idToken: json.id_token };
}
