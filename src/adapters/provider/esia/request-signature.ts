// The `client_secret` of ESIA's requests: the system's GOST signature over the
// request's own fields, and the `timestamp` it covers.
//
//   v2/ac:  client_id + scope + timestamp + state + redirect_uri            (UTF-8)
//   v3/te:  the same + code
//   legacy /ac and /te: scope + timestamp + client_id + state
// v2 sends the raw signature (64 bytes, s‖r big-endian — ports/signer.ts) base64url;
// legacy sends a detached CMS SignedData (detached-cms.ts), base64url.
import type { GostSigner } from '../../../ports/signer.js';
import { buildDetachedCms } from './detached-cms.js';
import type { EsiaEndpoints } from './esia-options.js';

export interface SignedFields {
  clientId: string;
  /** Space-separated, as sent. */
  scope: string;
  timestamp: string;
  state: string;
  redirectUri: string;
  /** Token requests only. */
  code?: string;
}

export function signedMessage(endpoints: EsiaEndpoints, f: SignedFields): string {
  if (endpoints === 'legacy') return f.scope + f.timestamp + f.clientId + f.state;
  return f.clientId + f.scope + f.timestamp + f.state + f.redirectUri + (f.code ?? '');
}

export async function clientSecret(
  signer: GostSigner,
  endpoints: EsiaEndpoints,
  fields: SignedFields,
  certificateDer: Uint8Array,
  now: Date,
): Promise<string> {
  const message = Buffer.from(signedMessage(endpoints, fields), 'utf8');
  const signature = endpoints === 'legacy' ? await buildDetachedCms(message, signer, certificateDer, now) : await signer.sign(message);
  return Buffer.from(signature).toString('base64url');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `yyyy.MM.dd HH:mm:ss +0300`: Moscow time, where ESIA lives (a fixed offset:
 * Russia has no daylight saving time since 2014).
 */
export function esiaTimestamp(now: Date): string {
  const t = new Date(now.getTime() + 3 * 3600_000);
  const date = `${t.getUTCFullYear()}.${pad(t.getUTCMonth() + 1)}.${pad(t.getUTCDate())}`;
  return `${date} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0300`;
}

/** The instant of a `yyyy.MM.dd HH:mm:ss ±hhmm` timestamp, or null when it is not one. */
export function parseEsiaTimestamp(text: string): Date | null {
  const m = /^(\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s, oh, om] = [1, 2, 3, 4, 5, 6, 8, 9].map((i) => Number(m[i]));
  const offsetMs = (oh! * 60 + om!) * 60_000 * (m[7] === '-' ? -1 : 1);
  const local = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  // Refuse 2026.02.30, 25:00 and the like instead of rolling over.
  if (local.getUTCDate() !== d || local.getUTCMonth() !== mo! - 1 || local.getUTCHours() !== h || local.getUTCMinutes() !== mi || local.getUTCSeconds() !== s) {
    return null;
  }
  const utc = local.getTime() - offsetMs;
  return new Date(utc);
}
