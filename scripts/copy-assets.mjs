// tsc compiles only TypeScript: copy the data files the code reads at run time.
import { cpSync, existsSync } from 'node:fs';

for (const file of ['src/sandbox/personas.json', 'src/adapters/postgres/migrate-worker.mjs']) {
  if (existsSync(file)) cpSync(file, file.replace(/^src\//, 'dist/'));
}
