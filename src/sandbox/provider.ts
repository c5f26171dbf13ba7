// oidc-provider configured to behave like ESIA's OpenID Connect endpoint as far
// as a relying party can tell: code flow only, PKCE S256 always, RS256 ID tokens
// that carry the profile claims themselves.
import { randomBytes } from 'node:crypto';
import Provider, { type ClientMetadata, type UnknownObject } from 'oidc-provider';
import type { Logger } from 'pino';
import { scopeClaims } from './claims.js';
import { localeFor, oauthErrorPage } from './pages.js';
import { claimsFor, findPersonaByOid } from './personas.js';

export interface SandboxClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
  /** Public keys for private_key_jwt. */
  jwks?: { keys: Record<string, unknown>[] };
}

interface ProviderSetup {
  issuer: string;
  clients: SandboxClient[];
  signingKey: UnknownObject;
  now: () => Date;
  logger: Logger;
}

function clientMetadata(client: SandboxClient): ClientMetadata {
  return {
    ...client,
    token_endpoint_auth_method: client.token_endpoint_auth_method ?? 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  };
}

export function createProvider({ issuer, clients, signingKey, now, logger }: ProviderSetup): Provider {
  const provider = new Provider(issuer, {
    clients: clients.map(clientMetadata),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: scopeClaims,
    scopes: ['openid'],
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: { enabled: false },
    },
    discovery: { ui_locales_supported: ['ru', 'en'] },
    // Explicit TTLs (seconds) also keep oidc-provider from printing "you SHOULD change" notices.
    ttl: { AccessToken: 3600, IdToken: 3600, Interaction: 3600, Session: 86400, Grant: 86400 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const persona = findPersonaByOid(sub);
      if (!persona) return undefined;
      return { accountId: sub, claims: () => ({ ...claimsFor(persona, now()) }) };
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = oauthErrorPage(localeFor(ctx.oidc?.params?.ui_locales), out);
    },
  });

  for (const event of ['authorization.error', 'grant.error', 'userinfo.error'] as const) {
    provider.on(event, (_ctx, error) => logger.info({ event, err: error }, 'request refused'));
  }
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'oidc-provider failed'));
  return provider;
}
