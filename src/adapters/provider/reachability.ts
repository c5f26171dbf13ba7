// Readiness that tells the truth about the provider: besides what the adapter
// checks itself (discovery loaded, signing key usable), the provider must answer
// over the network now. One probe every few seconds at most, bounded by a timeout;
// any HTTP answer below 500 counts as reachable (ESIA answers its endpoints' bare
// URLs with 4xx), a 5xx, a timeout or a network error as down.

import type { IdentityProvider } from '../../ports/identity-provider.js';
import { nodeHttpFetch } from '../http/node-http-fetch.js';

/** Shorter than /readyz's own deadline for a check, so a slow provider reads as down, not as a hung check. */
export const READINESS_PROBE_TIMEOUT_MS = 1500;

export interface ReachabilityOptions {
  url: string;
  timeoutMs: number;
  /** How long one probe's answer stands for the next checks. */
  cacheMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export function withReachability<P extends IdentityProvider>(provider: P, options: ReachabilityOptions): P {
  const { url, timeoutMs, cacheMs = 5000, fetch: fetchFn = nodeHttpFetch({ maxSockets: 1 }), now = Date.now } = options;
  let last: { at: number; result: Promise<void> } | null = null;

  async function probe(): Promise<void> {
    const res = await fetchFn(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    if (res.status >= 500) throw new Error(`the provider answered ${res.status}`);
  }

  return {
    ...provider,
    async check() {
      await provider.check();
      if (!last || now() - last.at >= cacheMs) last = { at: now(), result: probe() };
      await last.result;
    },
  };
}
