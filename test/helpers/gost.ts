// GOST key material for the tests, made once per test process by the `openssl`
// command and loaded into the engine at import, before any test hashes anything
// (gost-engine.ts: keys must be loaded before the first Streebog hash). Also the
// independent implementations the cross-check tests compare against: the `openssl`
// command and node-gost-crypto (a pure-JavaScript port of WebCrypto GOST).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { findGostEngine, gostPrivateKey, loadGostEngine } from '../../src/adapters/signer/gost-engine.js';
import { pemBlocks } from '../../src/adapters/signer/pem.js';
import { devGostKeyPair, type GostKeyPair } from '../../src/sandbox/esia/dev-keys.js';

export const ENGINE_PATH = findGostEngine();
loadGostEngine(ENGINE_PATH);

const dir = mkdtempSync(join(tmpdir(), 'esia-bridge-gost-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

/** The bridge's system key (registered with the sandbox), ESIA's (the sandbox's) and a stranger's. */
export const CLIENT: GostKeyPair = devGostKeyPair(dir, 'client', ENGINE_PATH);
export const ESIA: GostKeyPair = devGostKeyPair(dir, 'esia', ENGINE_PATH);
export const OTHER: GostKeyPair = devGostKeyPair(dir, 'other', ENGINE_PATH);
for (const pair of [CLIENT, ESIA, OTHER]) gostPrivateKey(pair.privateKeyPem);

export const certDer = (pair: GostKeyPair): Buffer => pemBlocks(pair.certificatePem, 'CERTIFICATE')[0]!;

let counter = 0;
function file(name: string, content: Uint8Array | string): string {
  const path = join(dir, `${counter++}-${name}`);
  writeFileSync(path, content);
  return path;
}

function openssl(args: string[], input?: Uint8Array): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `openssl dgst -md_gost12_256` of data. */
export function opensslStreebog(data: Uint8Array): Buffer {
  return openssl(['dgst', '-engine', ENGINE_PATH, '-md_gost12_256', '-binary'], data);
}

/** `openssl dgst -sign`: the signature in the command's own byte order. */
export function opensslSign(data: Uint8Array, pair: GostKeyPair): Buffer {
  return openssl(['dgst', '-engine', ENGINE_PATH, '-md_gost12_256', '-sign', file('key.pem', pair.privateKeyPem)], data);
}

/** `openssl dgst -verify` with the certificate's public key. */
export function opensslVerify(data: Uint8Array, signature: Uint8Array, pair: GostKeyPair): boolean {
  const publicKey = openssl(['x509', '-engine', ENGINE_PATH, '-pubkey', '-noout', '-in', file('cert.pem', pair.certificatePem)]);
  try {
    openssl(['dgst', '-engine', ENGINE_PATH, '-md_gost12_256', '-verify', file('pub.pem', publicKey), '-signature', file('sig.bin', signature)], data);
    return true;
  } catch {
    return false;
  }
}

/** `openssl cms -verify` of a detached CMS (DER) against the certificate, without a CA chain. */
export function opensslCmsVerify(cms: Uint8Array, content: Uint8Array, pair: GostKeyPair): boolean {
  try {
    openssl(['cms', '-verify', '-engine', ENGINE_PATH, '-binary', '-inform', 'DER', '-in', file('cms.der', cms),
      '-content', file('content.bin', content), '-certfile', file('cert.pem', pair.certificatePem), '-noverify', '-out', '/dev/null']);
    return true;
  } catch {
    return false;
  }
}

/** `openssl cms -sign`: a detached CMS (DER) with signed attributes, as the OpenSSL command makes it. */
export function opensslCmsSign(content: Uint8Array, pair: GostKeyPair): Buffer {
  return openssl(['cms', '-sign', '-engine', ENGINE_PATH, '-binary', '-outform', 'DER', '-md', 'md_gost12_256',
    '-signer', file('cert.pem', pair.certificatePem), '-inkey', file('key.pem', pair.privateKeyPem)], content);
}

// node-gost-crypto is CommonJS without types.
interface JsGostSign {
  sign(privateKey: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
  verify(publicKey: ArrayBuffer, signature: ArrayBuffer, data: ArrayBuffer): boolean;
}
interface JsGost {
  gostEngine: {
    getGostDigest(algorithm: object): { digest(data: ArrayBuffer): ArrayBuffer };
    getGostSign(algorithm: object): JsGostSign;
  };
}
const jsGost = createRequire(import.meta.url)('node-gost-crypto') as JsGost;
const STREEBOG_256 = { name: 'GOST R 34.11', version: 2012, length: 256 };
const jsSigner = jsGost.gostEngine.getGostSign({ name: 'GOST R 34.10', version: 2012, length: 256, namedCurve: 'X-256-A', hash: STREEBOG_256 });

const buffer = (data: Uint8Array): ArrayBuffer => Uint8Array.from(data).buffer;

export function jsStreebog(data: Uint8Array): Buffer {
  return Buffer.from(jsGost.gostEngine.getGostDigest(STREEBOG_256).digest(buffer(data)));
}

/** The 32-byte private scalar of a PKCS#8 GOST key, little-endian as the engine stores it. */
function rawPrivateKey(pair: GostKeyPair): ArrayBuffer {
  const der = pemBlocks(pair.privateKeyPem, 'PRIVATE KEY')[0]!;
  const info = asn1js.fromBER(Uint8Array.from(der).buffer).result as asn1js.Sequence;
  const octets = info.valueBlock.value[2] as asn1js.OctetString;
  return buffer(octets.valueBlock.valueHexView);
}

/** x‖y of the certificate's public point, little-endian, from its SubjectPublicKeyInfo. */
function rawPublicKey(pair: GostKeyPair): ArrayBuffer {
  const cert = asn1js.fromBER(Uint8Array.from(certDer(pair)).buffer).result as asn1js.Sequence;
  const tbs = cert.valueBlock.value[0] as asn1js.Sequence;
  const spki = tbs.valueBlock.value.find(
    (item) => item instanceof asn1js.Sequence && item.valueBlock.value[1] instanceof asn1js.BitString,
  ) as asn1js.Sequence;
  const bits = (spki.valueBlock.value[1] as asn1js.BitString).valueBlock.valueHexView;
  const point = asn1js.fromBER(Uint8Array.from(bits).buffer).result as asn1js.OctetString;
  return buffer(point.valueBlock.valueHexView);
}

/**
 * node-gost-crypto's signature: r then s, each little-endian — the layout of
 * CryptoPro's raw signatures, and exactly the byte-reverse of s‖r big-endian.
 */
export function jsSignLittleEndian(data: Uint8Array, pair: GostKeyPair): Buffer {
  return Buffer.from(jsSigner.sign(rawPrivateKey(pair), buffer(data)));
}

export function jsVerifyLittleEndian(data: Uint8Array, signature: Uint8Array, pair: GostKeyPair): boolean {
  return jsSigner.verify(rawPublicKey(pair), buffer(signature), buffer(data));
}

export const reversed = (bytes: Uint8Array): Buffer => Buffer.from(bytes).reverse();
