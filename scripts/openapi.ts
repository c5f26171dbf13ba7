// Writes openapi.yaml from the routes' own schemas: `npm run openapi`. The service is
// started on throwaway embedded stores only to register its routes; a test checks
// that the committed file matches.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/index.js';
import { stringify } from 'yaml';
import { startService } from '../src/service.js';

export const OPENAPI_PUBLIC_URL = 'http://localhost:3000';

export async function generateOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esia-bridge-openapi-'));
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PUBLIC_URL: OPENAPI_PUBLIC_URL,
      PROVIDER_ISSUER: 'http://127.0.0.1:9',
      PROVIDER_CLIENT_SECRET: 'unused',
    },
    () => 'x'.repeat(64),
  );
  const service = await startService(config, pino({ level: 'silent' }), { describeApi: true });
  try {
    await service.app.ready();
    // Plain YAML without anchors and aliases, easy to read and to diff.
    return stringify(service.app.swagger(), { aliasDuplicateObjects: false, lineWidth: 0 });
  } finally {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../openapi.yaml', import.meta.url), await generateOpenApi());
  process.stdout.write('openapi.yaml written\n');
}
