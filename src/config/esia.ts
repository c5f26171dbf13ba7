// Configuration of the `esia` dialect: where ESIA is, its certificate, the system's
// certificate and key (or the signing service that holds the key). Key material is
// PEM text or the path of a PEM file, read here once.
import { pemBlocks, pemText } from '../adapters/signer/pem.js';
import { ESIA_PRESETS, type EsiaEndpoints } from '../adapters/provider/esia/esia-options.js';
import * as p from './parsers.js';
import type { ConfigReader } from './reader.js';
import type { VariableName } from './variables.js';

export type SignerConfig =
  | { kind: 'in-process'; enginePath: string | null }
  | { kind: 'remote'; url: string; authorization: string | null; timeoutMs: number; maxAttempts: number };

export interface EsiaConfig {
  /** null: the development sandbox (its URL and issuer are known once it runs). */
  baseUrl: string | null;
  issuer: string | null;
  endpoints: EsiaEndpoints;
  /** PEM texts; null in development until dev keys are generated. */
  esiaCertificatePem: string | null;
  clientCertificatePem: string | null;
  clientKeyPem: string | null;
  clientCertificateHash: string | null;
  signer: SignerConfig;
  /** GOST_ENGINE_PATH (the sandbox and the in-process signer use it). */
  enginePath: string | null;
}

function pem(label: string) {
  return (raw: string): string => {
    const text = pemText(raw);
    if (pemBlocks(text, label).length === 0) throw new Error(`has no ${label} PEM block`);
    return text;
  };
}

function baseUrl(raw: string): { baseUrl: string; issuer: string | null } {
  if (raw === 'production' || raw === 'test') return { ...ESIA_PRESETS[raw] };
  return { baseUrl: p.httpUrl(raw).href.replace(/\/$/, ''), issuer: null };
}

export function esiaSection(r: ConfigReader, ctx: { production: boolean; sandbox: boolean; allowHttp: boolean }): EsiaConfig {
  const base = r.get('ESIA_BASE_URL', baseUrl) ?? null;
  if (base && !ctx.allowHttp && base.baseUrl.startsWith('http:')) r.problem('ESIA_BASE_URL', 'must be https (or set PROVIDER_ALLOW_HTTP=true in development)');
  const signerKind = r.get('ESIA_SIGNER', p.oneOf('in-process', 'remote'), 'in-process') ?? 'in-process';
  const enginePath = r.get('GOST_ENGINE_PATH', p.text) ?? null;
  const config: EsiaConfig = {
    baseUrl: base?.baseUrl ?? null,
    issuer: r.get('ESIA_ISSUER', p.text) ?? base?.issuer ?? null,
    endpoints: r.get('ESIA_ENDPOINTS', p.oneOf('v2', 'legacy'), 'v2') ?? 'v2',
    esiaCertificatePem: r.get('ESIA_CERTIFICATE', pem('CERTIFICATE')) ?? null,
    clientCertificatePem: r.get('ESIA_CLIENT_CERTIFICATE', pem('CERTIFICATE')) ?? null,
    clientKeyPem: r.get('ESIA_CLIENT_KEY', pem('PRIVATE KEY')) ?? null,
    clientCertificateHash: r.get('ESIA_CLIENT_CERTIFICATE_HASH', hexHash) ?? null,
    signer: signerKind === 'remote' ? remoteSigner(r) : { kind: 'in-process', enginePath },
    enginePath,
  };
  if (ctx.sandbox) return config;
  const need = (name: VariableName, value: unknown, why: string) => value === null && r.problem(name, `is required ${why}`);
  need('ESIA_BASE_URL', config.baseUrl, 'with PROVIDER_DIALECT=esia outside development');
  need('ESIA_ISSUER', config.issuer, 'when ESIA_BASE_URL is a URL rather than a preset');
  need('ESIA_CERTIFICATE', config.esiaCertificatePem, 'to verify ESIA’s tokens');
  need('ESIA_CLIENT_CERTIFICATE', config.clientCertificatePem, 'with PROVIDER_DIALECT=esia');
  if (config.signer.kind === 'in-process') need('ESIA_CLIENT_KEY', config.clientKeyPem, 'with ESIA_SIGNER=in-process');
  return config;
}

function hexHash(raw: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(raw)) throw new Error('must be 64 hex digits');
  return raw;
}

function remoteSigner(r: ConfigReader): SignerConfig {
  const url = r.get('SIGNER_URL', (raw) => p.httpUrl(raw).href) ?? null;
  if (url === null) r.problem('SIGNER_URL', 'is required with ESIA_SIGNER=remote');
  return {
    kind: 'remote',
    url: url ?? '',
    authorization: r.get('SIGNER_AUTHORIZATION', p.text) ?? null,
    timeoutMs: r.get('SIGNER_TIMEOUT_MS', p.integer(50, 60_000), '2000') ?? 2000,
    maxAttempts: r.get('SIGNER_MAX_ATTEMPTS', p.integer(1, 5), '2') ?? 2,
  };
}
