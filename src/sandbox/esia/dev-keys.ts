// GOST test key material for development and tests, made by the `openssl` command
// with the GOST engine (never by hand): a key and a self-signed certificate per
// name, kept in a folder so that a restart finds the same ones. Fictional subjects;
// never for production (ESIA registers a system's certificate issued by an
// accredited CA).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GostKeyPair {
  /** PEM PKCS#8. */
  privateKeyPem: string;
  /** PEM certificate. */
  certificatePem: string;
}

/**
 * The key and certificate `name` in `dir`, made on first use. Parameter set XA
 * (id-GostR3410-2001-CryptoPro-XchA-ParamSet), the one ESIA's own certificates use.
 */
export function devGostKeyPair(dir: string, name: string, enginePath: string): GostKeyPair {
  const keyFile = join(dir, `${name}.key.pem`);
  const certFile = join(dir, `${name}.crt.pem`);
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    openssl(['genpkey', '-engine', enginePath, '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:XA', '-out', keyFile]);
    openssl([
      'req', '-engine', enginePath, '-new', '-x509', '-key', keyFile, '-md_gost12_256', '-days', '3650',
      '-subj', `/C=RU/O=esia-bridge development/CN=${name}`, '-out', certFile,
    ]);
  }
  return { privateKeyPem: readFileSync(keyFile, 'utf8'), certificatePem: readFileSync(certFile, 'utf8') };
}
