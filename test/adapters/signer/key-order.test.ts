// GOST keys must be loaded before the first Streebog hash of a process (OpenSSL
// otherwise refuses them): checked in a fresh child process, where nothing has
// hashed yet, so the order is the one this test sets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { TS_NODE_ARGS } from '../../helpers/child-loader.js';
import { CLIENT, OTHER } from '../../helpers/gost.js';

t.test('keys loaded at start keep working after hashing; a new key afterwards fails with a clear message', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'esia-bridge-order-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'client.pem'), CLIENT.privateKeyPem);
  writeFileSync(join(dir, 'other.pem'), OTHER.privateKeyPem);
  const child = new URL('./key-order-child.ts', import.meta.url).pathname;
  const out = execFileSync(process.execPath, [...TS_NODE_ARGS, child], {
    env: { PATH: process.env.PATH, CLIENT_KEY: join(dir, 'client.pem'), OTHER_KEY: join(dir, 'other.pem') },
    encoding: 'utf8',
  });
  const result = JSON.parse(out) as Record<string, unknown>;
  t.match(result.unreadable, /the GOST private key cannot be read/);
  t.equal(result.signatureBytes, 64, 'the key loaded before hashing still signs after it');
  t.equal(result.rawAfterHash, 'ERR_OSSL_EVP_UNSUPPORTED', 'the OpenSSL behaviour the order guards against');
  t.match(result.newKeyAfterHash, /must be loaded before the first Streebog hash/, 'our message says why');
  t.equal(result.sameKeyAfterHash, 'ok', 'the key already loaded is reused');
});

t.test('a missing engine is reported with what was searched and how to install it', async (t) => {
  const { findGostEngine } = await import('../../../src/adapters/signer/gost-engine.js');
  t.throws(() => findGostEngine({ explicitPath: '/nonexistent/gost.so' }), /not found \(looked at: \/nonexistent\/gost\.so\).*apt-get install libengine-gost-openssl/);
  t.throws(() => findGostEngine({ env: {}, libDirs: ['/nonexistent-lib'] }), /\/nonexistent-lib\/engines-3\/gost\.so/);
  t.match(findGostEngine({ env: {} }), /engines-3\/gost\.so$/, 'found on this machine without being told');
  const dir = mkdtempSync(join(tmpdir(), 'esia-bridge-engines-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'gost.so'), '');
  t.equal(findGostEngine({ env: { OPENSSL_ENGINES: dir } }), join(dir, 'gost.so'), 'OPENSSL_ENGINES comes first');
});
