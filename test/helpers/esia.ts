// The ESIA sandbox on loopback with the test GOST material, and the bridge's ESIA
// dialect options pointing at it.
import pino from 'pino';
import type { Test } from 'tap';
import { DEFAULT_ESIA_CLAIM_MAPPING, DEFAULT_ESIA_SCOPES, type EsiaEndpoints, type EsiaOptions } from '../../src/adapters/provider/esia/esia-options.js';
import { createInProcessSigner } from '../../src/adapters/signer/in-process-signer.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { IdTokenSigner } from '../../src/sandbox/esia/esia-tokens.js';
import { CLIENT, ENGINE_PATH, ESIA, certDer } from './gost.js';

export const ESIA_REDIRECT_URI = 'http://localhost:3000/v1/callback';
export const esiaSandboxSigner = createInProcessSigner({ enginePath: ENGINE_PATH, privateKeyPem: ESIA.privateKeyPem });
export const clientSigner = createInProcessSigner({ enginePath: ENGINE_PATH, privateKeyPem: CLIENT.privateKeyPem, certificateDer: certDer(CLIENT) });

export async function startEsiaSandbox(t: Test, options: { idTokenSigner?: IdTokenSigner } = {}) {
  const sandbox = await startSandbox({
    port: 0,
    clients: [],
    logger: pino({ level: 'silent' }),
    esia: {
      signer: esiaSandboxSigner,
      clients: [{ client_id: 'esia-bridge', certificate: certDer(CLIENT), redirect_uris: [ESIA_REDIRECT_URI] }],
      ...(options.idTokenSigner ? { idTokenSigner: options.idTokenSigner } : {}),
    },
  });
  t.teardown(() => sandbox.close());
  return sandbox;
}

export function esiaOptions(sandbox: { url: string; issuer: string }, endpoints: EsiaEndpoints = 'v2'): EsiaOptions {
  return {
    baseUrl: sandbox.url,
    issuer: sandbox.issuer,
    clientId: 'esia-bridge',
    scopes: [...DEFAULT_ESIA_SCOPES],
    redirectUri: ESIA_REDIRECT_URI,
    endpoints,
    clientCertificate: certDer(CLIENT),
    clientCertificateHash: null,
    esiaCertificates: [certDer(ESIA)],
    timeoutMs: 5000,
    claims: { ...DEFAULT_ESIA_CLAIM_MAPPING },
  };
}

/** The service's environment for the esia dialect against this sandbox. */
export function esiaEnv(sandbox: { url: string; issuer: string }, endpoints: EsiaEndpoints = 'v2'): NodeJS.ProcessEnv {
  return {
    PROVIDER_DIALECT: 'esia',
    ESIA_BASE_URL: sandbox.url,
    ESIA_ISSUER: sandbox.issuer,
    ESIA_ENDPOINTS: endpoints,
    ESIA_CERTIFICATE: ESIA.certificatePem,
    ESIA_CLIENT_CERTIFICATE: CLIENT.certificatePem,
    ESIA_CLIENT_KEY: CLIENT.privateKeyPem,
    PROVIDER_REDIRECT_URI: ESIA_REDIRECT_URI,
  };
}
