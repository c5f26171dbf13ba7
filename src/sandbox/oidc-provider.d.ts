// oidc-provider ships no types and @types/oidc-provider is not a dependency; this
// declares only the part of the v9 API the sandbox uses (checked against
// node_modules/oidc-provider/lib). Replace it if @types/oidc-provider is ever added.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type UnknownObject = Record<string, unknown>;

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    token_endpoint_auth_method?: string;
    jwks?: { keys: UnknownObject[] };
    grant_types?: string[];
    response_types?: string[];
  }

  export interface Account {
    accountId: string;
    claims(use: 'id_token' | 'userinfo', scope: string): Promise<UnknownObject> | UnknownObject;
  }

  export interface ErrorContext {
    type: string;
    body: unknown;
    oidc?: { params?: UnknownObject };
  }

  export interface ErrorOut {
    error: string;
    error_description?: string;
  }

  export interface Interaction {
    uid: string;
    kind: string;
    exp: number;
  }

  export interface Configuration {
    clients?: ClientMetadata[];
    jwks?: { keys: UnknownObject[] };
    cookies?: { keys?: string[] };
    claims?: Record<string, readonly string[] | null>;
    scopes?: string[];
    conformIdTokenClaims?: boolean;
    responseTypes?: string[];
    clientAuthMethods?: string[];
    pkce?: { required?: () => boolean };
    features?: Record<string, { enabled: boolean }>;
    discovery?: UnknownObject;
    ttl?: Record<string, number>;
    interactions?: { url?: (ctx: unknown, interaction: Interaction) => string | Promise<string> };
    findAccount?: (ctx: unknown, sub: string) => Promise<Account | undefined>;
    renderError?: (ctx: ErrorContext, out: ErrorOut, error: Error) => void | Promise<void>;
  }

  export interface Prompt {
    name: 'login' | 'consent' | (string & {});
    reasons: string[];
    details: { missingOIDCScope?: string[] } & UnknownObject;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: Prompt;
    params: UnknownObject & { client_id: string; login_hint?: string; ui_locales?: string };
    session?: { accountId: string; uid: string };
    grantId?: string;
  }

  export type InteractionResult =
    | { login: { accountId: string } }
    | { consent: { grantId: string } }
    | { error: string; error_description?: string };

  export interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export interface AccessToken {
    accountId: string;
    clientId: string;
    grantId: string;
    scope?: string;
  }

  export type ProviderEvent = 'server_error' | 'authorization.error' | 'grant.error' | 'userinfo.error';

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    readonly Grant: {
      new (properties: { accountId: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    readonly AccessToken: { find(value: string): Promise<AccessToken | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResult,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: ProviderEvent, listener: (ctx: unknown, error: Error) => void): this;
  }

  export namespace errors {
    class OIDCProviderError extends Error {
      status: number;
      error: string;
      error_description?: string;
    }
  }

  export default Provider;
}
