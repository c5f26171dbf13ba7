// The OpenID Connect provider adapter: options, claim mapping and the client.
export * from './claim-mapping.js';
export { importClientKey, inspectClientKey, type ClientKeyInfo, type ClientKeyResult } from './client-key.js';
export * from './provider-options.js';
export {
  createLoginSecrets,
  createProviderClient,
  type AuthorizationRequest,
  type CompletedLogin,
  type DiscoveryRetryOptions,
  type ExpectedLogin,
  type LoginSecrets,
  type ProviderClient,
  type ProviderClientDeps,
} from './provider-client.js';
