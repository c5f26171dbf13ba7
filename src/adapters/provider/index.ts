// The OpenID Connect provider adapter: options, claim mapping and the client.
export * from './claim-mapping.js';
export { importClientKey, inspectClientKey, type ClientKeyInfo, type ClientKeyResult } from './client-key.js';
export * from './provider-options.js';
export { type CompletedLogin, type ExpectedLogin } from './code-exchange.js';
export { type DiscoveryRetryOptions } from './discovery.js';
export {
  createProviderClient,
  type AuthorizationRequest,
  type ProviderClient,
  type ProviderClientDeps,
} from './provider-client.js';
