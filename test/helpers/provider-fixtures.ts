// Shared bits for the provider adapter's tests: a fetch that counts requests per
// path, and an assertion helper for "this promise is refused with this BridgeError code".
import { BridgeError } from '../../src/domain/errors.js';

export interface CountingFetch {
  fetch: typeof fetch;
  /** Requests per URL pathname. */
  count(pathname: string): number;
  reset(): void;
}

export function countingFetch(): CountingFetch {
  const counts = new Map<string, number>();
  const wrapped = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    counts.set(url.pathname, (counts.get(url.pathname) ?? 0) + 1);
    return fetch(input, init);
  }) as typeof fetch;
  return { fetch: wrapped, count: (p) => counts.get(p) ?? 0, reset: () => counts.clear() };
}

/** Resolves with the BridgeError code the promise was refused with ('resolved' if it was not refused). */
export async function refusalCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (error instanceof BridgeError) return error.code;
    return `not a BridgeError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

/** Polls until `condition` holds or `timeoutMs` passes. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, stepMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return condition();
}
