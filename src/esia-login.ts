// Builds the `esia` dialect from configuration: the GOST signer (in process or a
// signing service), ESIA's and the system's certificates, and in development the
// sandbox speaking ESIA with generated GOST test keys registered with it. Keys are
// loaded here, at start, before anything hashes (adapters/signer/gost-engine.ts).
import { join } from 'node:path';
import type { Logger } from 'pino';
import { resolveClaimMapping, type ClaimMapping } from './adapters/provider/claim-mapping.js';
import { DEFAULT_ESIA_CLAIM_MAPPING } from './adapters/provider/esia/esia-options.js';
import { createEsiaProvider } from './adapters/provider/esia/esia-provider.js';
import { READINESS_PROBE_TIMEOUT_MS, withReachability } from './adapters/provider/reachability.js';
import { findGostEngine } from './adapters/signer/gost-engine.js';
import { createInProcessSigner } from './adapters/signer/in-process-signer.js';
import { pemBlocks } from './adapters/signer/pem.js';
import { createRemoteSigner } from './adapters/signer/remote-signer.js';
import type { Config } from './config/index.js';
import type { EsiaConfig } from './config/esia.js';
import type { ProviderMetrics } from './observability/metrics.js';
import type { IdentityProvider } from './ports/identity-provider.js';
import type { GostSigner } from './ports/signer.js';

export interface EsiaLogin {
  provider: IdentityProvider & { close(): void };
  close(): Promise<void>;
}

const certificate = (pem: string): Buffer => pemBlocks(pem, 'CERTIFICATE')[0]!;

export async function createEsiaLogin(config: Config, esia: EsiaConfig, logger: Logger, metrics?: ProviderMetrics): Promise<EsiaLogin> {
  const material = config.sandbox ? await devMaterial(config, esia) : null;
  const clientKeyPem = esia.clientKeyPem ?? material?.client.privateKeyPem ?? null;
  const clientCertificatePem = esia.clientCertificatePem ?? material?.client.certificatePem;
  if (!clientCertificatePem) throw new Error('ESIA_CLIENT_CERTIFICATE is missing');
  const clientCertificate = certificate(clientCertificatePem);
  const signer = signerFor(esia, clientKeyPem, clientCertificate, logger);

  let location = { baseUrl: esia.baseUrl ?? '', issuer: esia.issuer ?? '' };
  let esiaCertificates = esia.esiaCertificatePem ? pemBlocks(esia.esiaCertificatePem, 'CERTIFICATE') : [];
  let closeSandbox = async (): Promise<void> => undefined;
  if (config.sandbox && material) {
    const sandbox = await startEsiaSandbox(config, esia, material, clientCertificate, logger);
    location = { baseUrl: sandbox.url, issuer: sandbox.issuer };
    esiaCertificates = [certificate(material.esia.certificatePem)];
    closeSandbox = () => sandbox.close();
  }
  const p = config.provider;
  const provider = createEsiaProvider(
    {
      ...location,
      clientId: p.clientId,
      scopes: p.scopes,
      redirectUri: p.redirectUri,
      endpoints: esia.endpoints,
      clientCertificate,
      clientCertificateHash: esia.clientCertificateHash,
      esiaCertificates,
      timeoutMs: p.timeoutMs,
      claims: resolveClaimMapping({ ...DEFAULT_ESIA_CLAIM_MAPPING, ...(p.claimMapping as Partial<ClaimMapping>) }),
    },
    { signer, logger, metrics },
  );
  const probe = { url: location.baseUrl, timeoutMs: Math.min(p.timeoutMs, READINESS_PROBE_TIMEOUT_MS) };
  return { provider: withReachability(provider, probe), close: closeSandbox };
}

function signerFor(esia: EsiaConfig, keyPem: string | null, certificateDer: Uint8Array, logger: Logger): GostSigner {
  const s = esia.signer;
  if (s.kind === 'remote') {
    return createRemoteSigner({ url: s.url, authorization: s.authorization, timeoutMs: s.timeoutMs, maxAttempts: s.maxAttempts }, logger);
  }
  if (!keyPem) throw new Error('ESIA_CLIENT_KEY is missing');
  return createInProcessSigner({ enginePath: findGostEngine({ explicitPath: esia.enginePath }), privateKeyPem: keyPem, certificateDer });
}

// Development only: test keys made by the openssl command, kept in DATA_DIR.
async function devMaterial(config: Config, esia: EsiaConfig) {
  const { devGostKeyPair } = await import('./sandbox/esia/dev-keys.js');
  const enginePath = findGostEngine({ explicitPath: esia.enginePath });
  const dir = join(config.database.dataDir, 'esia-dev');
  return { client: devGostKeyPair(dir, 'system', enginePath), esia: devGostKeyPair(dir, 'esia-sandbox', enginePath), enginePath };
}

async function startEsiaSandbox(
  config: Config,
  esia: EsiaConfig,
  material: NonNullable<Awaited<ReturnType<typeof devMaterial>>>,
  clientCertificate: Uint8Array,
  logger: Logger,
) {
  const { startSandbox } = await import('./sandbox/index.js');
  const sandbox = await startSandbox({
    port: config.sandbox?.port ?? 3001,
    issuer: config.provider.issuer,
    clients: [],
    logger: logger.child({ component: 'sandbox' }),
    esia: {
      signer: createInProcessSigner({ enginePath: material.enginePath, privateKeyPem: material.esia.privateKeyPem }),
      clients: [{ client_id: config.provider.clientId, certificate: clientCertificate, redirect_uris: [config.provider.redirectUri] }],
    },
  });
  process.stdout.write(
    `sandbox provider (development only, ESIA dialect, ${esia.endpoints} endpoints): ${sandbox.issuer} — personas at ${sandbox.url}\n`,
  );
  return sandbox;
}
