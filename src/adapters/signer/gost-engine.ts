// Node's crypto with the GOST engine of OpenSSL 3 (Debian's libengine-gost-openssl):
// GOST R 34.10-2012 keys, signatures and the Streebog hash, without hand-written
// cryptography. One engine per process, loaded by its full path.
//
// The trap this module guards: after createHash('md_gost12_256') has run, the next
// createPrivateKey of a GOST key fails with ERR_OSSL_EVP_UNSUPPORTED (the hash leaves
// an error on OpenSSL's queue that the key decoder then reports; keys loaded earlier
// keep working). So every private key is loaded at start, before any hashing, and
// loading a new key afterwards fails here with a message that says why, instead of
// OpenSSL's "unsupported". The same key text loaded again returns the loaded key.
import { constants, createHash, createPrivateKey, setEngine, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const GOST_DIGEST = 'md_gost12_256';
const ENGINE_FILE = 'gost.so';
const SIGNATURE_BYTES = 64;

/** Where Debian-like systems keep OpenSSL 3 engines, most specific first. */
function engineDirectories(env: NodeJS.ProcessEnv, libDirs: readonly string[]): string[] {
  const dirs: string[] = [];
  // OpenSSL's own variable for the engines folder.
  if (env.OPENSSL_ENGINES) dirs.push(env.OPENSSL_ENGINES);
  for (const lib of libDirs) {
    dirs.push(...multiarchDirs(lib).map((d) => join(d, 'engines-3')));
    dirs.push(join(lib, 'engines-3'));
  }
  return dirs;
}

/** `/usr/lib/x86_64-linux-gnu`, `/usr/lib/aarch64-linux-gnu`, … whichever exist. */
function multiarchDirs(lib: string): string[] {
  try {
    return readdirSync(lib)
      .filter((name) => /-linux-gnu/.test(name))
      .sort()
      .map((name) => join(lib, name));
  } catch {
    return [];
  }
}

export const DEFAULT_LIB_DIRS: readonly string[] = ['/usr/lib', '/usr/lib64', '/usr/local/lib', '/usr/local/lib64'];

export interface FindEngineOptions {
  /** GOST_ENGINE_PATH: used as given, nothing else is searched. */
  explicitPath?: string | null;
  env?: NodeJS.ProcessEnv;
  libDirs?: readonly string[];
}

/** The engine's full path, or an Error that says what was searched and how to install it. */
export function findGostEngine(options: FindEngineOptions = {}): string {
  const searched = options.explicitPath
    ? [options.explicitPath]
    : engineDirectories(options.env ?? process.env, options.libDirs ?? DEFAULT_LIB_DIRS).map((d) => join(d, ENGINE_FILE));
  const found = searched.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `the OpenSSL GOST engine (${ENGINE_FILE}) was not found (looked at: ${searched.join(', ')}). ` +
      'Install it (Debian/Ubuntu: apt-get install libengine-gost-openssl) or set GOST_ENGINE_PATH to its full path.',
  );
}

let loadedEngine: string | undefined;
let hashed = false;
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

/** Loads the engine once per process; a second, different path is refused. */
export function loadGostEngine(path: string): void {
  if (loadedEngine === path) return;
  if (loadedEngine !== undefined) throw new Error(`a GOST engine is already loaded from ${loadedEngine}`);
  try {
    setEngine(path, constants.ENGINE_METHOD_ALL);
  } catch (err) {
    throw new Error(`the OpenSSL GOST engine at ${path} could not be loaded: ${(err as Error).message}`);
  }
  loadedEngine = path;
}

function requireEngine(): void {
  if (loadedEngine === undefined) throw new Error('the GOST engine is not loaded (call loadGostEngine first)');
}

/** A GOST private key from PEM (PKCS#8). Load at start: see the module comment. */
export function gostPrivateKey(pem: string): KeyObject {
  requireEngine();
  const known = privateKeys.get(pem);
  if (known) return known;
  if (hashed) {
    throw new Error(
      'a GOST private key must be loaded before the first Streebog hash in this process ' +
        '(OpenSSL then refuses GOST keys with ERR_OSSL_EVP_UNSUPPORTED); load every key at start',
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new Error(`the GOST private key cannot be read: ${(err as Error).message}`);
  }
  privateKeys.set(pem, key);
  return key;
}

/** The public key of a certificate (DER), cached per certificate. */
export function certificatePublicKey(der: Uint8Array): KeyObject {
  requireEngine();
  const id = Buffer.from(der).toString('base64');
  const known = publicKeys.get(id);
  if (known) return known;
  const key = new X509Certificate(Buffer.from(der)).publicKey;
  publicKeys.set(id, key);
  return key;
}

/** Whether the private key belongs to the certificate (DER). */
export function keyMatchesCertificate(key: KeyObject, der: Uint8Array): boolean {
  requireEngine();
  return new X509Certificate(Buffer.from(der)).checkPrivateKey(key);
}

export function streebog256(data: Uint8Array): Buffer {
  requireEngine();
  hashed = true;
  return createHash(GOST_DIGEST).update(data).digest();
}

export function gostSign(data: Uint8Array, key: KeyObject): Buffer {
  requireEngine();
  return sign(GOST_DIGEST, data, key);
}

export function gostVerify(data: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  requireEngine();
  if (signature.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(GOST_DIGEST, data, publicKey, signature);
  } catch {
    // A key of another algorithm (RSA, EC) cannot verify a GOST signature.
    return false;
  }
}
