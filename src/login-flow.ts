// Builds the login flow's dependencies from configuration: the provider client
// (and, in development, the sandbox it talks to), the assertion signer, the code
// delivery channels and the audit trail.

import type { Logger } from 'pino';
import { createChannels } from './adapters/delivery/channels.js';
import { codeDelivery } from './adapters/delivery/code-delivery.js';
import type { DevOutbox } from './adapters/delivery/dev-outbox.js';
import { createAssertionSigner } from './adapters/keys/assertion-signer.js';
import { aesGcmSealer } from './adapters/crypto/aes-gcm-sealer.js';
import { auditWriter, type AuditWriter } from './adapters/postgres/audit-writer.js';
import { deliveriesRepository } from './adapters/postgres/deliveries-repository.js';
import type { Database } from './adapters/postgres/database.js';
import { postgresProfileStore } from './adapters/postgres/profile-store.js';
import { createProviderClient, resolveProviderOptions } from './adapters/provider/index.js';
import { READINESS_PROBE_TIMEOUT_MS, withReachability } from './adapters/provider/reachability.js';
import { sessionLoginStore } from './adapters/session/login-store.js';
import type { ClaimMapping } from './adapters/provider/claim-mapping.js';
import type { Config } from './config/index.js';
import type { Metrics } from './observability/metrics.js';
import type { AuthorizationRequest, ExpectedCallback, IdentityProvider } from './ports/identity-provider.js';
import type { SessionStore } from './ports/session-store.js';
import type { FlowDeps } from './use-cases/flow-deps.js';

export interface LoginFlow {
  flow: FlowDeps;
  outbox: DevOutbox | null;
  audit: AuditWriter;
  close(): Promise<void>;
}

export async function createLoginFlow(config: Config, db: Database, store: SessionStore, logger: Logger, metrics: Metrics): Promise<LoginFlow> {
  const closers: (() => Promise<void>)[] = [];
  // The esia dialect (GOST signing, CMS) is loaded only when configured.
  const esia = config.esia ? await (await import('./esia-login.js')).createEsiaLogin(config, config.esia, logger, metrics) : null;
  if (esia) closers.push(() => esia.close());
  const sandbox = config.sandbox && !esia ? await startDevSandbox(config, logger) : null;
  if (sandbox) closers.push(() => sandbox.close());
  const provider = esia?.provider ?? providerFor(config, logger, metrics);
  closers.push(async () => provider.close());

  const { channels, outbox, close: closeChannels } = await createChannels(config.delivery, config.nodeEnv, logger, metrics);
  closers.push(async () => closeChannels());
  const audit = auditWriter(db.pool, logger, { metrics });
  closers.push(() => audit.close());

  const clock = () => new Date();
  const flow: FlowDeps = {
    logins: sessionLoginStore(store, aesGcmSealer(config.login.stateKey), clock, metrics),
    store,
    profiles: postgresProfileStore(db.pool),
    provider,
    signer: await createAssertionSigner(config.publicUrl, config.assertionSigningKeys, db.pool),
    codes: codeDelivery(channels, deliveriesRepository(db.pool), logger, metrics),
    audit,
    config,
    clock,
    logger,
  };
  return {
    flow,
    outbox,
    audit,
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}

function providerFor(config: Config, logger: Logger, metrics: Metrics): IdentityProvider & { close(): void } {
  const { dialect: _, clientSecret, clientKey, claimMapping, ...p } = config.provider;
  const options = { ...p, clientSecret: clientSecret ?? undefined, clientKey: clientKey ?? undefined, claims: claimMapping as Partial<ClaimMapping> };
  const client = createProviderClient(resolveProviderOptions(options), { logger, metrics });
  const provider = {
    issuer: client.configuredIssuer,
    ready: () => client.ready(),
    authorizationUrl: (request: AuthorizationRequest) => client.authorizationUrl(request),
    completeLogin: (url: URL, expected: ExpectedCallback) => client.completeLogin(url, expected),
    check: () => client.check(),
    close: () => client.close(),
  };
  const discoveryUrl = `${p.issuer}/.well-known/openid-configuration`;
  return withReachability(provider, { url: discoveryUrl, timeoutMs: Math.min(p.timeoutMs, READINESS_PROBE_TIMEOUT_MS) });
}

// The sandbox is loaded only here, in development: production images do not even
// install oidc-provider.
async function startDevSandbox(config: Config, logger: Logger) {
  const { startSandbox } = await import('./sandbox/index.js');
  const p = config.provider;
  const sandbox = await startSandbox({
    port: config.sandbox?.port ?? 3001,
    issuer: p.issuer,
    clients: [
      {
        client_id: p.clientId,
        client_secret: p.clientSecret ?? undefined,
        redirect_uris: [p.redirectUri],
        token_endpoint_auth_method: p.clientAuth === 'private_key_jwt' ? 'client_secret_basic' : p.clientAuth,
      },
    ],
    logger: logger.child({ component: 'sandbox' }),
  });
  process.stdout.write(`sandbox provider (development only): ${sandbox.issuer} — personas at ${sandbox.url}\n`);
  return sandbox;
}
