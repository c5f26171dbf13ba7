// `npm start`: the service (src/main.ts) and, in development when demo/ exists, the
// reference client (demo/main.ts) next to it, each in its own process: the demo
// reaches the service over HTTP only, with the development `demo` client's id and
// secret. The demo's URL is printed first, so a newcomer's first click is its start
// screen. Signals go to both; when one process ends, the other is stopped; when this
// process loses its parent, both are stopped.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileDevSecrets } from '../src/config/dev-secrets.js';
import { loadConfig, type Config } from '../src/config/index.js';
import { DEMO_CLIENT_ID } from '../src/service.js';

const SERVICE_MAIN = new URL('../src/main.ts', import.meta.url).pathname;
const DEMO_MAIN = new URL('../demo/main.ts', import.meta.url).pathname;

/** The demo's environment, or null when there is no demo to run. */
function demoEnv(): NodeJS.ProcessEnv | null {
  let config: Config;
  try {
    config = loadConfig(process.env, fileDevSecrets);
  } catch {
    return null; // the service reports the configuration problems itself
  }
  const demo = config.demoClient;
  if (!demo || !existsSync(DEMO_MAIN)) return null;
  // The demo must return to one of the demo client's registered URLs, exactly.
  const returnUrl = demo.returnUrls.find((url) => url.endsWith('/callback'));
  return {
    ...process.env,
    DEMO_PORT: String(demo.port),
    DEMO_PUBLIC_URL: returnUrl ? returnUrl.slice(0, -'/callback'.length) : `http://localhost:${demo.port}`,
    ESIA_BRIDGE_URL: config.publicUrl,
    ESIA_BRIDGE_CLIENT_ID: DEMO_CLIENT_ID,
    ESIA_BRIDGE_CLIENT_SECRET: demo.secret,
  };
}

// Each child leads its own process group, so a terminal's Ctrl-C reaches it once
// (forwarded from here) rather than twice.
const run = (file: string, env: NodeJS.ProcessEnv) =>
  spawn(process.execPath, [...process.execArgv, file], { env, stdio: 'inherit', detached: true });

const env = demoEnv();
if (env) process.stdout.write(`Open ${env.DEMO_PUBLIC_URL} to sign in through the reference client (demo/)\n`);
const children: ChildProcess[] = [run(SERVICE_MAIN, process.env), ...(env ? [run(DEMO_MAIN, env)] : [])];

let exitCode: number | null = null;
for (const child of children) {
  child.on('exit', (code, signal) => {
    exitCode ??= code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1);
    const others = children.filter((c) => c.exitCode === null && c.signalCode === null);
    if (others.length === 0) process.exit(exitCode);
    for (const other of others) other.kill('SIGTERM');
  });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => children.forEach((child) => child.kill(signal)));
}
// `kill <npm's pid>` ends npm and its shell without passing the signal on: this
// process, left to another parent, stops the service and the demo as SIGTERM would,
// instead of leaving them holding their ports.
const parent = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphanWatch);
  process.kill(process.pid, 'SIGTERM');
}, 500).unref();
process.on('exit', () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));
