// How the sandbox checks a signed ESIA request, the way ESIA does: mandatory
// parameters, the registered client and redirect_uri, a timestamp within a few
// minutes, the certificate hash, the signature over the request's fields with the
// registered certificate (raw s‖r big-endian for v2 — the byte order ESIA expects,
// nothing else — or a detached CMS for the older endpoints), and a state never seen
// before. Each refusal carries an ESIA-style code (README: which are ESIA's own).
import { verifyDetachedCms } from '../../adapters/provider/esia/detached-cms.js';
import type { EsiaEndpoints } from '../../adapters/provider/esia/esia-options.js';
import { parseEsiaTimestamp, signedMessage } from '../../adapters/provider/esia/request-signature.js';
import type { GostSigner } from '../../ports/signer.js';

export interface EsiaSandboxClient {
  client_id: string;
  /** The system certificate registered for the client (DER). */
  certificate: Uint8Array;
  redirect_uris: string[];
}

export class EsiaRefusal extends Error {
  constructor(
    readonly error: string,
    readonly esiaCode: string,
    description: string,
  ) {
    super(`${esiaCode}: ${description}`);
  }
}

export const refusals = {
  missing: (names: string[]) => new EsiaRefusal('invalid_request', 'ESIA-007014', `The request doesn't contain the mandatory parameter [${names.join(', ')}]`),
  client: () => new EsiaRefusal('invalid_client', 'ESIA-007012', 'Unknown client or redirect_uri'),
  timestamp: () => new EsiaRefusal('invalid_request', 'ESIA-007015', 'The request time is out of range'),
  secret: () => new EsiaRefusal('invalid_client', 'ESIA-007053', 'The client secret or the certificate hash is wrong'),
  state: () => new EsiaRefusal('invalid_request', 'ESIA-007013', 'The state is reused or not a UUID'),
  grant: () => new EsiaRefusal('invalid_grant', 'ESIA-007011', 'The authorization code is invalid, used or expired'),
  denied: () => new EsiaRefusal('access_denied', 'ESIA-007004', 'The resource owner has denied the access'),
};

/** How far a request's timestamp may be from the sandbox's clock. */
export const TIMESTAMP_WINDOW_MS = 5 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CheckContext {
  clients: readonly EsiaSandboxClient[];
  verifier: Pick<GostSigner, 'verify' | 'digest'>;
  now: () => Date;
  /** States seen in signed requests, never accepted twice. */
  seenStates: Set<string>;
}

export function requireParams(params: URLSearchParams, names: readonly string[]): void {
  const missing = names.filter((n) => !params.get(n));
  if (missing.length > 0) throw refusals.missing(missing);
}

/** The registered client of a request whose redirect_uri is registered for it, or null. */
export function registeredClient(ctx: CheckContext, params: URLSearchParams): EsiaSandboxClient | null {
  const client = ctx.clients.find((c) => c.client_id === params.get('client_id'));
  return client && client.redirect_uris.includes(params.get('redirect_uri') ?? '') ? client : null;
}

/** Every check of a signed request (authorization or token) after the parameters are present. */
export async function checkSignedRequest(ctx: CheckContext, client: EsiaSandboxClient, params: URLSearchParams, endpoints: EsiaEndpoints): Promise<void> {
  const at = parseEsiaTimestamp(params.get('timestamp') ?? '');
  if (!at || Math.abs(at.getTime() - ctx.now().getTime()) > TIMESTAMP_WINDOW_MS) throw refusals.timestamp();
  if (endpoints === 'v2') {
    const expected = Buffer.from(await ctx.verifier.digest(client.certificate)).toString('hex');
    if ((params.get('client_certificate_hash') ?? '').toLowerCase() !== expected) throw refusals.secret();
  }
  const message = Buffer.from(
    signedMessage(endpoints, {
      clientId: client.client_id,
      scope: params.get('scope') ?? '',
      timestamp: params.get('timestamp') ?? '',
      state: params.get('state') ?? '',
      redirectUri: params.get('redirect_uri') ?? '',
      ...(params.has('code') ? { code: params.get('code') ?? '' } : {}),
    }),
    'utf8',
  );
  const secret = Buffer.from(params.get('client_secret') ?? '', 'base64url');
  const valid =
    endpoints === 'legacy'
      ? await verifyDetachedCms(secret, message, client.certificate, ctx.verifier)
      : await ctx.verifier.verify(message, secret, client.certificate);
  if (!valid) throw refusals.secret();
  const state = params.get('state') ?? '';
  if (!UUID.test(state) || ctx.seenStates.has(state)) throw refusals.state();
  ctx.seenStates.add(state);
}
