// Development-only secrets: generated once and kept in DATA_DIR, so that hashes made
// with them (API client secrets) stay valid across restarts. Production refuses them.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DevSecrets } from './index.js';

export const fileDevSecrets: DevSecrets = (name, dataDir) => {
  const file = join(dataDir, 'dev-secrets.json');
  const known = readSecrets(file);
  const existing = known[name];
  if (existing) return existing;
  const generated = randomBytes(32).toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...known, [name]: generated }, null, 2), { mode: 0o600 });
  return generated;
};

function readSecrets(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}
