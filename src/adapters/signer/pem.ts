// Key material in configuration: PEM text, or the path of a PEM file (a multi-line
// PEM is awkward in an environment variable). Certificates are handled as DER.
import { readFileSync } from 'node:fs';

/** The PEM text itself when `value` starts like a PEM, else the contents of the file at that path. */
export function pemText(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  return readFileSync(trimmed, 'utf8').trim();
}

/** Every `label` block of the PEM as DER, in order (e.g. several ESIA certificates during a rotation). */
export function pemBlocks(pem: string, label: string): Buffer[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+?)-----END ${label}-----`, 'g');
  return [...pem.matchAll(pattern)].map(([, body]) => Buffer.from(body!.replace(/\s+/g, ''), 'base64'));
}

export function derToPem(der: Uint8Array, label: string): string {
  const body = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
