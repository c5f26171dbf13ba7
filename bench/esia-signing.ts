// What the in-process GOST work costs per ESIA login, in CPU time (user + system,
// process.cpuUsage): signing the authorization request, signing the token request
// and verifying ESIA's ID token — for the v2 endpoints (raw signature) and the older
// ones (detached CMS). The certificate hash is computed once per process, not per
// login. Target: under 2 ms of CPU per login. Run alone with `tsx bench/esia-signing.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESIA_TOKEN_ALG, type EsiaEndpoints } from '../src/adapters/provider/esia/esia-options.js';
import { signGostJwt, verifyGostJwt } from '../src/adapters/provider/esia/gost-jwt.js';
import { clientSecret, esiaTimestamp } from '../src/adapters/provider/esia/request-signature.js';
import { findGostEngine } from '../src/adapters/signer/gost-engine.js';
import { createInProcessSigner } from '../src/adapters/signer/in-process-signer.js';
import { pemBlocks } from '../src/adapters/signer/pem.js';
import { devGostKeyPair } from '../src/sandbox/esia/dev-keys.js';

const TARGET_MS = 2;

export async function esiaSigningBench({ logins = 500, print = true } = {}): Promise<Record<EsiaEndpoints, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'esia-bridge-bench-gost-'));
  try {
    const enginePath = findGostEngine();
    const system = devGostKeyPair(dir, 'system', enginePath);
    const esia = devGostKeyPair(dir, 'esia', enginePath);
    const certificate = pemBlocks(system.certificatePem, 'CERTIFICATE')[0]!;
    const esiaCertificate = pemBlocks(esia.certificatePem, 'CERTIFICATE')[0]!;
    // Keys first, then anything that hashes (gost-engine.ts).
    const signer = createInProcessSigner({ enginePath, privateKeyPem: system.privateKeyPem, certificateDer: certificate });
    const esiaSigner = createInProcessSigner({ enginePath, privateKeyPem: esia.privateKeyPem });
    const now = Math.floor(Date.now() / 1000);
    const idToken = await signGostJwt(
      { ver: 1, typ: 'JWT', sbt: 'id', alg: ESIA_TOKEN_ALG },
      { iss: 'http://esia.gosuslugi.ru/', aud: 'esia-bridge', sub: 1000000101, iat: now, nbf: now, exp: now + 3600, 'urn:esia:sbj': { 'urn:esia:sbj:oid': 1000000101 } },
      esiaSigner,
    );
    const fields = { clientId: 'esia-bridge', scope: 'openid fullname birthdate gender mobile email', state: '', timestamp: '', redirectUri: 'https://esia-bridge.example.ru/v1/callback' };
    const result = {} as Record<EsiaEndpoints, number>;
    for (const endpoints of ['v2', 'legacy'] as const) {
      const login = async (i: number) => {
        const at = new Date();
        const state = `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`;
        await clientSecret(signer, endpoints, { ...fields, state, timestamp: esiaTimestamp(at) }, certificate, at);
        await clientSecret(signer, endpoints, { ...fields, state, timestamp: esiaTimestamp(at), code: `code-${i}` }, certificate, at);
        await verifyGostJwt(idToken, ESIA_TOKEN_ALG, [esiaCertificate], signer);
      };
      for (let i = 0; i < 20; i++) await login(i); // warm-up
      const before = process.cpuUsage();
      for (let i = 0; i < logins; i++) await login(i);
      const used = process.cpuUsage(before);
      const perLogin = (used.user + used.system) / 1000 / logins;
      result[endpoints] = perLogin;
      const verdict = perLogin < TARGET_MS ? 'under' : 'OVER';
      if (print) process.stdout.write(
        `${`ESIA GOST work per login (${endpoints}, in process)`.padEnd(44)} ${perLogin.toFixed(3).padStart(10)} ms CPU  (${verdict} the ${TARGET_MS} ms target; ${logins} logins)\n`,
      );
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await esiaSigningBench();
