// Prints tap's closing counts as the plain line CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs';

const log = readFileSync(process.argv[2], 'utf8');
const last = [...log.matchAll(/^# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?[^}]*\}$/gm)].at(-1);
if (!last) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const total = Number(last[1]);
const passed = Number(last[2]);
const failed = Number(last[3] ?? 0) || total - passed - Number(/skip: (\d+)/.exec(last[0])?.[1] ?? 0) - Number(/todo: (\d+)/.exec(last[0])?.[1] ?? 0);
console.log(`${passed} passed, ${Math.max(failed, 0)} failed`);
