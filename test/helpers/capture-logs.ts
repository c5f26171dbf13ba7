// A pino logger that writes into memory, so a test can read what was logged. By
// default it uses the service's own options (redaction included); `raw: true` skips
// them, for tests proving that a component never logs a secret in the first place.

import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { loggerOptions } from '../../src/logger.js';

export interface CapturedLogger {
  logger: Logger;
  lines(): Record<string, unknown>[];
  text(): string;
  events(): string[];
}

export function captureLogger({ level = 'debug', raw = false }: { level?: string; raw?: boolean } = {}): CapturedLogger {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino(raw ? { level } : { ...loggerOptions(level, false), transport: undefined }, stream);
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
