// The legacy endpoints' detached CMS: ours is accepted by `openssl cms -verify`, the
// one `openssl cms -sign` makes is accepted by our reader, and a change to the
// content, the signature or the certificate is refused.
import t from 'tap';
import { buildDetachedCms, verifyDetachedCms } from '../../../../src/adapters/provider/esia/detached-cms.js';
import { createInProcessSigner } from '../../../../src/adapters/signer/in-process-signer.js';
import { CLIENT, ENGINE_PATH, OTHER, certDer, opensslCmsSign, opensslCmsVerify } from '../../../helpers/gost.js';

const signer = createInProcessSigner({ enginePath: ENGINE_PATH, privateKeyPem: CLIENT.privateKeyPem });
const content = Buffer.from('openid fullname2026.01.02 03:04:05 +0300esia-bridgec0ffee00-0000-4000-8000-000000000000', 'utf8');

t.test('ours verifies with the openssl command and with our reader', async (t) => {
  const cms = await buildDetachedCms(content, signer, certDer(CLIENT), new Date('2026-01-02T00:04:05Z'));
  t.ok(opensslCmsVerify(cms, content, CLIENT), 'openssl cms -verify');
  t.ok(await verifyDetachedCms(cms, content, certDer(CLIENT), signer));
  t.notOk(opensslCmsVerify(cms, Buffer.concat([content, Buffer.from('1')]), CLIENT), 'openssl: other content');
  t.notOk(await verifyDetachedCms(cms, Buffer.concat([content, Buffer.from('1')]), certDer(CLIENT), signer), 'other content');
  t.notOk(await verifyDetachedCms(cms, content, certDer(OTHER), signer), 'another certificate');
  const tampered = Buffer.from(cms);
  tampered[tampered.length - 5] = tampered[tampered.length - 5]! ^ 1;
  t.notOk(await verifyDetachedCms(tampered, content, certDer(CLIENT), signer), 'a flipped signature bit');
  t.notOk(await verifyDetachedCms(Buffer.from('not a cms'), content, certDer(CLIENT), signer), 'garbage');
});

t.test('the openssl command’s CMS verifies with our reader', async (t) => {
  const cms = opensslCmsSign(content, CLIENT);
  t.ok(await verifyDetachedCms(cms, content, certDer(CLIENT), signer));
  t.notOk(await verifyDetachedCms(cms, Buffer.from('other'), certDer(CLIENT), signer));
});
