// GOST cryptography as the ESIA dialect needs it: the system's signature over its
// requests, checks of ESIA's signatures, and Streebog hashes. Two adapters: the
// in-process one (Node's crypto with Debian's GOST engine) and a remote signing
// service (a certified signing sidecar), so the flow never knows where the key is.

/** GOST R 34.10-2012 with GOST R 34.11-2012, 256-bit keys. */
export interface GostSigner {
  /** Which adapter this is, for logs and readiness. */
  readonly kind: 'in-process' | 'remote';
  /**
   * The system's signature of Streebog-256(data): 64 bytes, s then r, each
   * big-endian (RFC 4491 §2.2.2, the OpenSSL GOST engine's output). This is the
   * order ESIA expects: CryptoPro's raw little-endian output reversed byte by byte.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** True when `signature` (same layout as sign's) is the certificate key's signature of data. */
  verify(data: Uint8Array, signature: Uint8Array, certificateDer: Uint8Array): Promise<boolean>;
  /** Streebog-256 (GOST R 34.11-2012, 256-bit) of data, as `openssl dgst -md_gost12_256` prints it. */
  digest(data: Uint8Array): Promise<Uint8Array>;
}

/** The signer could not be reached or refused to work; the login cannot continue now. */
export class SignerUnavailable extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`signer unavailable: ${reason}`);
    this.name = 'SignerUnavailable';
    this.reason = reason;
  }
}
