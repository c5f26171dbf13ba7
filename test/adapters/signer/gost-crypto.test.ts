// The in-process GOST signer against independent implementations: the `openssl`
// command (same engine, another program) and node-gost-crypto (pure JavaScript).
// Each operation is done by one and checked by another; Streebog against the
// examples of GOST R 34.11-2012 itself.
import t from 'tap';
import { createInProcessSigner } from '../../../src/adapters/signer/in-process-signer.js';
import {
  CLIENT, ENGINE_PATH, OTHER, certDer, jsSignLittleEndian, jsStreebog, jsVerifyLittleEndian, opensslSign, opensslStreebog, opensslVerify,
  reversed,
} from '../../helpers/gost.js';

// GOST R 34.11-2012, appendix A: M1 (ASCII digits) and M2 (the Igor's Tale line in
// Windows-1251), written here in byte order (the standard prints them as numbers,
// i.e. byte-reversed), with their 256-bit hashes likewise.
const VECTORS = [
  {
    name: 'M1',
    message: Buffer.from('012345678901234567890123456789012345678901234567890123456789012', 'ascii'),
    hash: '9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500',
  },
  {
    name: 'M2',
    message: Buffer.from(
      'd1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb',
      'hex',
    ),
    hash: '9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50',
  },
];

const signer = createInProcessSigner({ enginePath: ENGINE_PATH, privateKeyPem: CLIENT.privateKeyPem, certificateDer: certDer(CLIENT) });
const data = Buffer.from('esia-bridge' + 'openid fullname' + '2026.01.02 03:04:05 +0300' + 'c0ffee00-0000-4000-8000-000000000000', 'utf8');

t.test('Streebog-256 equals the standard’s examples, the openssl command and the JavaScript port', async (t) => {
  for (const v of VECTORS) {
    t.equal(Buffer.from(await signer.digest(v.message)).toString('hex'), v.hash, `${v.name}: in-process`);
    t.equal(opensslStreebog(v.message).toString('hex'), v.hash, `${v.name}: openssl dgst`);
    t.equal(jsStreebog(v.message).toString('hex'), v.hash, `${v.name}: node-gost-crypto`);
  }
  const random = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7919) % 256));
  t.same(await signer.digest(random), opensslStreebog(random), 'a longer message too');
});

t.test('signed in process, verified by the openssl command and by the JavaScript port (reversed)', async (t) => {
  const signature = Buffer.from(await signer.sign(data));
  t.equal(signature.length, 64);
  t.ok(opensslVerify(data, signature, CLIENT), 'openssl dgst -verify accepts it as is');
  t.ok(jsVerifyLittleEndian(data, reversed(signature), CLIENT), 'the little-endian (CryptoPro) layout is its byte-reverse');
  t.notOk(opensslVerify(data, reversed(signature), CLIENT), 'the reversed bytes are not a signature in this order');
  t.notOk(opensslVerify(Buffer.concat([data, Buffer.from('x')]), signature, CLIENT), 'other data');
  t.notOk(opensslVerify(data, signature, OTHER), 'another certificate');
});

t.test('signed by the openssl command or the JavaScript port, verified in process', async (t) => {
  const byOpenssl = opensslSign(data, CLIENT);
  t.ok(await signer.verify(data, byOpenssl, certDer(CLIENT)), 'openssl dgst -sign');
  const byJs = reversed(jsSignLittleEndian(data, CLIENT));
  t.ok(await signer.verify(data, byJs, certDer(CLIENT)), 'node-gost-crypto, reversed into s‖r big-endian');
  t.notOk(await signer.verify(data, reversed(byOpenssl), certDer(CLIENT)), 'CryptoPro’s raw order is refused as is');
  t.notOk(await signer.verify(data, byOpenssl, certDer(OTHER)), 'another certificate');
  const tampered = Buffer.from(byOpenssl);
  tampered[10] = tampered[10]! ^ 1;
  t.notOk(await signer.verify(data, tampered, certDer(CLIENT)), 'one flipped bit');
  t.notOk(await signer.verify(data, byOpenssl.subarray(0, 63), certDer(CLIENT)), 'a short signature');
});

t.test('a key that is not the certificate’s is refused at start', async (t) => {
  t.throws(
    () => createInProcessSigner({ enginePath: ENGINE_PATH, privateKeyPem: OTHER.privateKeyPem, certificateDer: certDer(CLIENT) }),
    /does not belong to the configured certificate/,
  );
});
