// PGlite keeps its files in one folder and must be opened by one process only: two
// would corrupt it. A pid file guards the folder; a lock left by a dead process is
// taken over.

import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function lockDataDir(dir: string): () => void {
  const file = join(dir, 'esia-bridge.pid');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(file, 'utf8'));
    if (isAlive(holder) && holder !== process.pid) {
      throw new Error(
        `the embedded database in ${dir} is in use by process ${holder}; stop it first or set DATABASE_URL`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => unlinkSync(file);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
