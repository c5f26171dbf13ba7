// Shared bits for the provider adapter's tests: a pino logger whose lines can be
// inspected, a fetch that counts requests per path, and an assertion helper for
// "this promise is refused with this BridgeError code".
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { BridgeError } from '../../src/domain/errors.js';
import { loggerOptions } from '../../src/logger.js';

export interface CapturedLogger {
  logger: Logger;
  lines(): Record<string, unknown>[];
  text(): string;
  events(): string[];
}

/** A debug-level logger with the service's redaction rules, writing into memory. */
export function captureLogger(): CapturedLogger {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ ...loggerOptions('debug', false), transport: undefined }, stream);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger,
    lines,
    text: () => chunks.join(''),
    events: () => lines().map((l) => String(l.event ?? '')).filter((e) => e !== ''),
  };
}

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
