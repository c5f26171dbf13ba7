// The detached CMS (PKCS#7) SignedData of ESIA's older endpoints, built and read with
// pkijs/asn1js; every digest and signature comes from the signer port. The shape is
// what `openssl cms -sign -binary -md md_gost12_256` makes (a test checks both ways):
// no content, the signer's certificate, signed attributes contentType, signingTime
// and messageDigest (Streebog-256 of the content), and the GOST signature (s‖r,
// RFC 4490) over the DER of those attributes.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { GostSigner } from '../../../ports/signer.js';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  streebog256: '1.2.643.7.1.1.2.2',
  gost2012_256: '1.2.643.7.1.1.1.1',
};

const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => Uint8Array.from(bytes).buffer;

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** DER orders a SET OF by the encodings of its elements; OpenSSL re-encodes that way before it verifies. */
function derOrdered(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }));
  return encoded.sort((x, y) => Buffer.compare(x.der, y.der)).map(({ a }) => a);
}

// Parsing the certificate is most of the cost of a CMS: the system has one, parse it once.
const certificates = new Map<string, pkijs.Certificate>();
function parsedCertificate(der: Uint8Array): pkijs.Certificate {
  const id = Buffer.from(der).toString('base64');
  let certificate = certificates.get(id);
  if (!certificate) certificates.set(id, (certificate = pkijs.Certificate.fromBER(arrayBuffer(der))));
  return certificate;
}

export async function buildDetachedCms(content: Uint8Array, signer: GostSigner, certificateDer: Uint8Array, now: Date): Promise<Uint8Array> {
  const certificate = parsedCertificate(certificateDer);
  const digest = await signer.digest(content);
  const attributes = derOrdered([
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: now })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: arrayBuffer(digest) })),
  ]);
  const signedAttributes = new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER();
  const signature = await signer.sign(new Uint8Array(signedAttributes));

  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.streebog256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [certificate],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.streebog256 }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
        signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.gost2012_256 }),
        signature: new asn1js.OctetString({ valueHex: arrayBuffer(signature) }),
      }),
    ],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

/**
 * Whether `cms` is a detached SignedData over `content` by the key of `certificateDer`:
 * one signer, messageDigest equal to Streebog-256 of the content, and the signature
 * over the signed attributes valid for that certificate. Malformed input is false.
 */
export async function verifyDetachedCms(
  cms: Uint8Array,
  content: Uint8Array,
  certificateDer: Uint8Array,
  verifier: Pick<GostSigner, 'verify' | 'digest'>,
): Promise<boolean> {
  let signerInfo: pkijs.SignerInfo;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(arrayBuffer(cms));
    if (contentInfo.contentType !== OID.signedData) return false;
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContent !== undefined || signedData.signerInfos.length !== 1) return false;
    signerInfo = signedData.signerInfos[0]!;
  } catch {
    return false;
  }
  const attrs = signerInfo.signedAttrs;
  if (!attrs || signerInfo.digestAlgorithm.algorithmId !== OID.streebog256) return false;
  const digest = attrs.attributes.find((a) => a.type === OID.messageDigest)?.values[0];
  const type = attrs.attributes.find((a) => a.type === OID.contentType)?.values[0];
  if (!(digest instanceof asn1js.OctetString) || !(type instanceof asn1js.ObjectIdentifier) || type.getValue() !== OID.data) return false;
  const expected = Buffer.from(await verifier.digest(content));
  if (!expected.equals(Buffer.from(digest.valueBlock.valueHexView))) return false;
  // encodedValue holds the attributes as received, re-tagged as a SET: what was signed.
  const signed = new Uint8Array(attrs.encodedValue);
  return verifier.verify(signed, new Uint8Array(signerInfo.signature.valueBlock.valueHexView), certificateDer);
}
