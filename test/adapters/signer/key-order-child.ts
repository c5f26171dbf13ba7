// Run by key-order.test.ts in a fresh process (no GOST hash has run yet): tries the
// orders of loading keys and hashing, and prints what happened as JSON.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { findGostEngine, loadGostEngine, streebog256 } from '../../../src/adapters/signer/gost-engine.js';
import { createInProcessSigner } from '../../../src/adapters/signer/in-process-signer.js';

const clientKey = readFileSync(process.env.CLIENT_KEY ?? '', 'utf8');
const otherKey = readFileSync(process.env.OTHER_KEY ?? '', 'utf8');
const enginePath = findGostEngine();
const outcome = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? (err as Error).message;
  }
};

loadGostEngine(enginePath);
const unreadable = outcome(() => createInProcessSigner({ enginePath, privateKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }));
const signer = createInProcessSigner({ enginePath, privateKeyPem: clientKey });
streebog256(Buffer.from('the first hash of this process'));
const rawAfterHash = outcome(() => createPrivateKey(otherKey));
const signature = await signer.sign(Buffer.from('data'));
streebog256(Buffer.from('another hash'));
const newKeyAfterHash = outcome(() => createInProcessSigner({ enginePath, privateKeyPem: otherKey }));
const sameKeyAfterHash = outcome(() => createInProcessSigner({ enginePath, privateKeyPem: clientKey }));
process.stdout.write(JSON.stringify({ unreadable, signatureBytes: signature.length, rawAfterHash, newKeyAfterHash, sameKeyAfterHash }));
