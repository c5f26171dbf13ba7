// The signer port in this process: Node's crypto with the GOST engine. The private
// key is loaded here, at construction — that is, at start, before anything hashes
// (gost-engine.ts explains why the order matters).
import type { GostSigner } from '../../ports/signer.js';
import { certificatePublicKey, gostPrivateKey, gostSign, gostVerify, keyMatchesCertificate, loadGostEngine, streebog256 } from './gost-engine.js';

export interface InProcessSignerOptions {
  /** Full path of the engine (findGostEngine). */
  enginePath: string;
  /** The system's GOST R 34.10-2012 private key, PEM PKCS#8 (unencrypted). */
  privateKeyPem: string;
  /** The system's certificate (DER): start fails when the key is not its key. */
  certificateDer?: Uint8Array;
}

export function createInProcessSigner(options: InProcessSignerOptions): GostSigner {
  loadGostEngine(options.enginePath);
  const key = gostPrivateKey(options.privateKeyPem);
  if (options.certificateDer && !keyMatchesCertificate(key, options.certificateDer)) {
    throw new Error('the GOST private key does not belong to the configured certificate');
  }
  return {
    kind: 'in-process',
    sign: async (data) => gostSign(data, key),
    verify: async (data, signature, certificateDer) => gostVerify(data, signature, certificatePublicKey(certificateDer)),
    digest: async (data) => streebog256(data),
  };
}

/** A verifier and hasher without a key of its own (the sandbox checks clients with it). */
export function createGostVerifier(enginePath: string): Pick<GostSigner, 'verify' | 'digest'> {
  loadGostEngine(enginePath);
  return {
    verify: async (data, signature, certificateDer) => gostVerify(data, signature, certificatePublicKey(certificateDer)),
    digest: async (data) => streebog256(data),
  };
}
