// The per-login secrets of an authorization code flow with PKCE, as a relying party makes them (tests drive the fake provider and the sandbox with these; the service makes its own in src/use-cases/secrets.ts).
import * as oidc from 'openid-client';

export interface LoginSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
  codeChallenge: string;
}

/** Fresh state, nonce and PKCE pair for one login (keep state, nonce and codeVerifier server-side). */
export async function createLoginSecrets(): Promise<LoginSecrets> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  return {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier,
    codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
  };
}
