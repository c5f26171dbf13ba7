// Runs the service's real entry point (src/main.ts) as a child process with only the
// given environment, collecting its output.

import { spawn } from 'node:child_process';
import { TS_NODE_ARGS } from './child-loader.js';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;

export function runMain(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}
