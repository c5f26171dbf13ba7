// Runs the service's real entry point (src/main.ts) as a child process with only the
// given environment, collecting its output.

import { spawn } from 'node:child_process';
import { TS_NODE_ARGS } from './child-loader.js';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;

export function runMain(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, MAIN], {
    // Only the given environment, plus how the test's own loader compiles TypeScript.
    env: { PATH: process.env.PATH, ...pick(process.env, 'TS_NODE_TRANSPILE_ONLY'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

function pick(env: NodeJS.ProcessEnv, ...names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));
}
